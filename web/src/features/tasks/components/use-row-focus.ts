import { useEffect, useRef, useState } from 'preact/hooks';

const rowsNow = () => [...document.querySelectorAll<HTMLElement>('main li.task[data-task-id]')];

/**
 * Focus stays where it was: the row that last had it is the list's Tab stop (`activeId`), and when
 * focus falls to the page because that row went (completed, deleted, moved in the document) it goes
 * back to the row, or to the row now in its place. A click elsewhere ends that. `changed`: what the
 * rows are drawn from.
 */
export function useRowFocus(changed: readonly unknown[]) {
  const [activeId, setActiveId] = useState<string | null>(null);
  const lastRow = useRef<{ id: string; index: number } | null>(null);
  const onFocusIn = (e: FocusEvent) => {
    const li = (e.target as Element).closest<HTMLElement>('li.task[data-task-id]');
    if (!li) return;
    lastRow.current = { id: li.dataset.taskId!, index: rowsNow().indexOf(li) };
    setActiveId(li.dataset.taskId!);
  };
  useEffect(() => {
    const last = lastRow.current;
    if (!last || (document.activeElement && document.activeElement !== document.body)) return;
    const rows = rowsNow();
    (
      rows.find((r) => r.dataset.taskId === last.id) ?? rows[Math.min(last.index, rows.length - 1)]
    )?.focus();
  }, changed);
  useEffect(() => {
    const forget = (e: PointerEvent) => {
      if (!(e.target instanceof Element && e.target.closest('li.task'))) lastRow.current = null;
    };
    addEventListener('pointerdown', forget);
    return () => removeEventListener('pointerdown', forget);
  }, []);
  return { activeId, onFocusIn };
}
