import { toast } from '../../components/toasts.js';
import { describeError } from '../../lib/api.js';
import type { TaskView } from '../../lib/types.js';
import { patchTask, type TaskDraft } from './api.js';
import { patchOf, stateOf } from './edit.js';

/** Runs one change per task, four at a time; answers the tasks it failed for (and tells the user). */
export async function eachTask(
  tasks: readonly TaskView[],
  verb: string,
  run: (task: TaskView) => Promise<unknown>,
): Promise<TaskView[]> {
  const failed: TaskView[] = [];
  const queue = [...tasks];
  const worker = async () => {
    for (let task = queue.shift(); task; task = queue.shift()) {
      try {
        await run(task);
      } catch (err) {
        failed.push(task);
        toast(`Could not ${verb} "${task.title}": ${describeError(err)}`, { tone: 'error' });
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return failed;
}

/** A change done, said in a toast whose Undo (also `u` / Ctrl+Z) runs `undo` and then `after`. */
export function undoable(
  text: string,
  undo: () => Promise<unknown>,
  after: (work: Promise<unknown>) => void,
): void {
  toast(text, { action: { label: 'Undo', run: () => after(undo()) } });
}

/** The PATCH that takes an edited task back to how it was: the fields the edit changed, with their old values. */
export function revertOf(before: TaskView, after: TaskView): Partial<TaskDraft> {
  return patchOf(stateOf(after), stateOf(before));
}

/** Puts an edit back. */
export const revertEdit = (before: TaskView, after: TaskView) =>
  patchTask(after.id, revertOf(before, after));
