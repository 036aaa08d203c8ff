import type { Deps } from '../deps.js';
import { successorOutcome, withdrawSuccessor } from '../recurrence/successor.js';
import type { ReopenedTaskView, SuccessorOutcome } from '../schemas/reopened-task.js';
import type { TaskView } from '../schemas/task.js';
import { changeTask, type Change } from './change-task.js';
import { isDeleted } from '../db/tasks.js';
import { conflict } from '../errors.js';
import { cascadeToSubtasks } from './subtasks.js';

// Each transition is idempotent: asking for the state a task is already in changes nothing.

const complete: Change = {
  event: 'completed',
  apply: (row, _tx, now) =>
    row.status === 'completed' ? null : { status: 'completed', completed_at: now },
};

const reopen: Change = {
  event: 'reopened',
  apply: (row) => (row.status === 'pending' ? null : { status: 'pending', completed_at: null }),
};

// A parent's deletion takes its subtasks with it, and its restore brings them back.
const remove: Change = {
  event: 'deleted',
  apply: (_row, _tx, now) => ({ deleted_at: now, deleted_with: null }),
  also: (w, task) => cascadeToSubtasks(w, task.after, 'deleted'),
};

const restore: Change = {
  event: 'restored',
  includeDeleted: true,
  async apply(row, tx) {
    if (row.deleted_at === null) return null;
    if (row.parent_id !== null && (await isDeleted(tx, row.parent_id)))
      throw conflict(
        'Its parent task is in the trash: restore the parent, and its subtasks come back with it',
      );
    return { deleted_at: null, deleted_with: null };
  },
  also: (w, task) =>
    task.changed ? cascadeToSubtasks(w, task.after, 'restored') : Promise.resolve(),
};

type Transition = (
  deps: Deps,
  userId: string,
  id: string,
  expectedVersion?: number,
) => Promise<TaskView>;

const transition =
  (change: Change): Transition =>
  (deps, userId, id, expectedVersion) =>
    changeTask(deps, userId, id, expectedVersion, change);

export const completeTask = transition(complete);

/**
 * Reopens a task, undoing its completion: the next occurrence that completion spawned is withdrawn
 * with it when still open and untouched, and the answer says what became of it. Asked again (a retry),
 * it changes nothing and says the same.
 */
export async function reopenTask(
  deps: Deps,
  userId: string,
  id: string,
  expectedVersion?: number,
): Promise<ReopenedTaskView> {
  let successor: SuccessorOutcome | null = null;
  const task = await changeTask(deps, userId, id, expectedVersion, {
    ...reopen,
    async also(w, task) {
      successor = task.changed ? await withdrawSuccessor(w, id) : await successorOutcome(w.tx, id);
    },
  });
  return { ...task, successor };
}
export const deleteTask = transition(remove);
export const restoreTask = transition(restore);
