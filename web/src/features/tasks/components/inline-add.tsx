import { useEffect, useRef, useState } from 'preact/hooks';
import { describeError } from '../../../lib/api.js';
import type { TaskView } from '../../../lib/types.js';
import { addTask } from '../api.js';

/**
 * A one-line add at the end of a list or a day: the task takes the place's project, due date or
 * parent. Enter adds and keeps the field for the next one; Escape leaves it.
 */
export function InlineAdd(props: {
  label: string;
  id: string;
  place: { project_id?: string; due_at?: string; parent_id?: string };
  onAdded: (task: TaskView) => void;
  autofocus?: boolean;
}) {
  const [title, setTitle] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  // Shown because the user asked to add (not on page load, where `autofocus` alone would do).
  useEffect(() => {
    if (props.autofocus) input.current?.focus();
  }, []);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    if (!title.trim()) return setError('Give the task a title.');
    setBusy(true);
    setError('');
    try {
      const task = await addTask({ title: title.trim(), ...props.place });
      setTitle('');
      props.onAdded(task);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="inline-add" onSubmit={(e) => void submit(e)}>
      <label for={props.id} class="visually-hidden">
        {props.label}
      </label>
      <input
        id={props.id}
        value={title}
        placeholder={`+ ${props.label}`}
        maxLength={200}
        autocomplete="off"
        ref={input}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${props.id}-error` : undefined}
        onInput={(e) => setTitle(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            setTitle('');
            e.currentTarget.blur();
          }
        }}
      />
      {error && (
        <p class="error" role="alert" id={`${props.id}-error`}>
          {error}
        </p>
      )}
    </form>
  );
}
