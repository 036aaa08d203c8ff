import type { ComponentChildren } from 'preact';
import { useCallback, useState } from 'preact/hooks';
import { describeError } from '../lib/api.js';

/** A failed read, said with a way to try it again. */
export function Problem(props: { text: string; retry: () => void }) {
  return (
    <div class="error problem" role="alert">
      <p>{props.text}</p>
      <button type="button" onClick={props.retry}>
        Try again
      </button>
    </div>
  );
}

/** A list read from the API: its items once read (null before), the last read's error, and a way to read it again. */
export function useList<T>(load: () => Promise<T[]>) {
  const [items, setItems] = useState<T[] | null>(null);
  const [error, setError] = useState('');
  const refresh = useCallback(
    () =>
      void load().then(
        (list) => (setItems(list), setError('')),
        (err) => setError(describeError(err)),
      ),
    [],
  );
  return { items, error, refresh };
}

/** A list section as it loads, fails (with Try again), is empty, or has items to show. */
export function Loaded<T>(props: {
  list: { items: T[] | null; error: string; refresh: () => void };
  empty?: string;
  children: (items: T[]) => ComponentChildren;
}) {
  const { items, error, refresh } = props.list;
  if (error) return <Problem text={error} retry={refresh} />;
  if (items === null) return <p>Loading…</p>;
  if (items.length === 0 && props.empty !== undefined) return <p class="empty">{props.empty}</p>;
  return <>{props.children(items)}</>;
}
