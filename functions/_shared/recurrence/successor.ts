import type { TaskRow, TaskUpdate, Tx } from '../db/database.js';
import { lockSuccessor, updateTask } from '../db/tasks.js';
import type { TaskEventName } from '../events/catalog.js';
import { taskEvent } from '../events/task-event.js';
import type { SuccessorOutcome } from '../schemas/reopened-task.js';
import { cascadeToSubtasks } from '../tasks/subtasks.js';
import { toTaskView } from '../tasks/task-view.js';
import { nextEventBy, type Writing } from '../tasks/writing.js';

/** Ripple spawned (or withdrew, or brought back) this occurrence, and its user has not changed it since. */
export const isUntouched = (row: TaskRow): boolean =>
  row.untouched_version !== null && row.version === row.untouched_version;

/** Withdrawn when its predecessor was reopened: deleted by Ripple, not by its user. */
export const isWithdrawn = (row: TaskRow): boolean => isUntouched(row) && row.deleted_at !== null;

export type { Writing } from '../tasks/writing.js';

/**
 * Ripple's own change to an occurrence, with its event: a version like any change (open tabs and
 * If-Match see it), recorded as still untouched by the user.
 */
export async function changeOccurrence(
  w: Writing,
  row: TaskRow,
  change: { event: TaskEventName; set: TaskUpdate },
): Promise<TaskRow> {
  const version = row.version + 1;
  const changed = await updateTask(w.tx, row.id, {
    ...change.set,
    updated_at: w.now,
    version,
    untouched_version: version,
  });
  const view = toTaskView(changed);
  await w.record(await taskEvent(change.event, view, nextEventBy(w)));
  return changed;
}

/**
 * Reopening undoes a completion: the occurrence that completion spawned goes with it if it is still
 * open and untouched (deleted, with its `task.deleted`); one its user has changed stays. The caller
 * holds the reopened task's lock, so the recurrence consumer cannot spawn or bring one back meanwhile.
 */
export async function withdrawSuccessor(
  w: Writing,
  taskId: string,
): Promise<SuccessorOutcome | null> {
  const next = await lockSuccessor(w.tx, taskId);
  if (!next) return null;
  if (isWithdrawn(next)) return { id: next.id, outcome: 'withdrawn' };
  if (!isUntouched(next) || next.status !== 'pending' || next.deleted_at !== null)
    return { id: next.id, outcome: 'kept' };
  const gone = await changeOccurrence(w, next, { event: 'deleted', set: { deleted_at: w.now } });
  await cascadeToSubtasks(w, gone, 'deleted');
  return { id: next.id, outcome: 'withdrawn' };
}

/** What became of the task's next occurrence, without changing it (a reopen of a task already open). */
export async function successorOutcome(tx: Tx, taskId: string): Promise<SuccessorOutcome | null> {
  const next = await lockSuccessor(tx, taskId);
  if (!next) return null;
  return { id: next.id, outcome: isWithdrawn(next) ? 'withdrawn' : 'kept' };
}
