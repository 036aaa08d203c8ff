import { useEffect } from 'preact/hooks';
import { typing } from '../../../lib/keys.js';
import type { TaskView } from '../../../lib/types.js';

/** What the keys do to the task whose row has focus. */
export interface RowKeys {
  find: (id: string) => TaskView | undefined;
  complete: (task: TaskView) => void;
  edit: (task: TaskView, focus?: 'tags') => void;
  remove: (task: TaskView) => void;
  select: (task: TaskView) => void;
  subtasks: (task: TaskView) => void;
  move: (task: TaskView, by: -1 | 1) => void;
  help: () => void;
  clear: () => void;
}

const rows = () => [...document.querySelectorAll<HTMLElement>('main li.task[data-task-id]')];
const rowOf = (el: Element | null) => el?.closest<HTMLElement>('li.task[data-task-id]') ?? null;

/**
 * The list's keys: j/k (and the arrows, from a row) move between rows; on a row, x completes, e or
 * Enter edits, # edits its tags, Delete deletes, s selects, a opens its subtasks, Alt+↑/↓ moves it;
 * ? lists them all; Escape clears a selection. Not while typing in a field or in a dialog.
 */
export function useRowKeys(keys: RowKeys) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || typing(e.target) || document.querySelector('dialog[open]'))
        return;
      const row = rowOf(document.activeElement);
      const onRow = row !== null && document.activeElement === row;
      const all = rows();
      const step = (by: number) => {
        const at = row ? all.indexOf(row) : -1;
        const next =
          all[
            at === -1
              ? by > 0
                ? 0
                : all.length - 1
              : Math.max(0, Math.min(all.length - 1, at + by))
          ];
        next?.focus();
      };
      if (e.key === '?') {
        e.preventDefault();
        return keys.help();
      }
      if (e.key === 'Escape' && !row) return keys.clear();
      if (
        !e.altKey &&
        (e.key === 'j' || e.key === 'k' || (row && (e.key === 'ArrowDown' || e.key === 'ArrowUp')))
      ) {
        e.preventDefault();
        return step(e.key === 'j' || e.key === 'ArrowDown' ? 1 : -1);
      }
      const task = row ? keys.find(row.dataset.taskId!) : undefined;
      if (!task) return;
      if (e.altKey) {
        if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
        e.preventDefault();
        return keys.move(task, e.key === 'ArrowUp' ? -1 : 1);
      }
      const act: Record<string, () => void> = {
        x: () => keys.complete(task),
        e: () => keys.edit(task),
        '#': () => keys.edit(task, 'tags'),
        Delete: () => keys.remove(task),
        s: () => keys.select(task),
        a: () => keys.subtasks(task),
      };
      // Enter on the row itself edits; on a button in it, the button does its own thing.
      if (e.key === 'Enter' && onRow) act.Enter = () => keys.edit(task);
      const run = act[e.key];
      if (!run) return;
      e.preventDefault();
      run();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  });
}
