import type { Deps } from '../deps.js';
import type { TaskView } from '../schemas/task.js';
import { changeTask, type Change } from './change-task.js';

// Each transition is idempotent: asking for the state a task is already in changes nothing.

const complete: Change = {
  event: 'completed',
  apply: (row, _tx, now) => (row.status === 'completed' ? null : { status: 'completed', completed_at: now }),
};

const reopen: Change = {
  event: 'reopened',
  apply: (row) => (row.status === 'pending' ? null : { status: 'pending', completed_at: null }),
};

const remove: Change = {
  event: 'deleted',
  apply: (_row, _tx, now) => ({ deleted_at: now }),
};

const restore: Change = {
  event: 'restored',
  includeDeleted: true,
  apply: (row) => (row.deleted_at === null ? null : { deleted_at: null }),
};

type Transition = (deps: Deps, userId: string, id: string, expectedVersion?: number) => Promise<TaskView>;

const transition =
  (change: Change): Transition =>
  (deps, userId, id, expectedVersion) =>
    changeTask(deps, userId, id, expectedVersion, change);

export const completeTask = transition(complete);
export const reopenTask = transition(reopen);
export const deleteTask = transition(remove);
export const restoreTask = transition(restore);
