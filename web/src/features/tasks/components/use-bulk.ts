import { useState } from 'preact/hooks';
import type { TaskView } from '../../../lib/types.js';
import { completeTask, deleteTask, patchTask, reopenTask, restoreTask } from '../api.js';
import { eachTask, undoable } from '../work.js';
import type { BulkActions } from './bulk-bar.js';

/**
 * The selection (tasks picked with `s` or their checkbox) and what is done to all of them at once,
 * each with one toast and its Undo. `after` runs a change and then reloads the list.
 */
export function useBulk(tasks: () => TaskView[], after: (work: Promise<unknown>) => void) {
  const [selecting, setSelecting] = useState(false);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const select = (task: TaskView, on: boolean) => {
    setSelecting(true);
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(task.id);
      else next.delete(task.id);
      return next;
    });
  };
  // Nothing to clear draws nothing again (a view's first load clears).
  const clear = () => {
    setSelected((s) => (s.size ? new Set() : s));
    setSelecting(false);
  };
  const bulk = (
    verb: string,
    past: string,
    run: (t: TaskView) => Promise<unknown>,
    undo: (t: TaskView) => Promise<unknown>,
  ) => {
    const chosen = tasks().filter((t) => selected.has(t.id));
    clear();
    after(
      eachTask(chosen, verb, run).then((failed) => {
        const done = chosen.filter((t) => !failed.includes(t));
        if (done.length)
          undoable(
            `${past} ${done.length} ${done.length === 1 ? 'task' : 'tasks'}`,
            () => eachTask(done, 'undo', undo),
            after,
          );
      }),
    );
  };
  const actions: BulkActions = {
    complete: () =>
      bulk(
        'complete',
        'Completed',
        (t) => completeTask(t.id),
        (t) => reopenTask(t.id),
      ),
    move: (projectId) =>
      bulk(
        'move',
        'Moved',
        (t) => patchTask(t.id, { project_id: projectId }),
        (t) => patchTask(t.id, { project_id: t.project_id }),
      ),
    tag: (name) =>
      bulk(
        'tag',
        'Tagged',
        (t) => patchTask(t.id, { tags: [...t.tags.map((g) => g.name), name] }),
        (t) => patchTask(t.id, { tags: t.tags.map((g) => g.name) }),
      ),
    remove: () =>
      bulk(
        'delete',
        'Deleted',
        (t) => deleteTask(t.id),
        (t) => restoreTask(t.id),
      ),
    clear,
  };
  return { selecting, setSelecting, selected, select, clear, actions };
}
