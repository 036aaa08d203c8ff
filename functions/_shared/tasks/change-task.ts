import type { Deps } from '../deps.js';
import type { TaskRow, TaskUpdate, Tx } from '../db/database.js';
import { lockTask, updateTaskShown } from '../db/tasks.js';
import { notFound, preconditionFailed } from '../errors.js';
import type { TaskEventName } from '../events/catalog.js';
import { taskEvent } from '../events/task-event.js';
import { writeWithEvents } from '../events/write-with-events.js';
import { authorize } from '../access/rule.js';
import { progressOf } from '../db/subtasks.js';
import { nextEventBy, type Writing } from './writing.js';
import type { TaskView } from '../schemas/task.js';
import { toTaskView } from './task-view.js';

export interface Change {
  /** Whether a task in the trash can be reached too (only restore reaches it). */
  includeDeleted?: boolean;
  /**
   * What to set on the locked row, or null when the task is already as asked (completing a completed
   * task): then nothing is written, no event is emitted and the version stays.
   */
  apply(row: TaskRow, tx: Tx, now: Date): Promise<TaskUpdate | null> | TaskUpdate | null;
  event: TaskEventName;
  /** Work that goes with the change, in its transaction, after the task's own event; `changed`: whether apply changed it. */
  also?(w: Writing, task: { before: TaskRow; after: TaskRow; changed: boolean }): Promise<void>;
}

/**
 * The one path by which an existing task changes: lock it, check the caller may change it (an editor
 * of its project) and their expected version, apply the change with a version bump, and write the
 * event to the outbox, all in one transaction.
 */
export async function changeTask(
  deps: Deps,
  userId: string,
  id: string,
  expectedVersion: number | undefined,
  change: Change,
): Promise<TaskView> {
  return writeWithEvents(deps, async (tx, record) => {
    const current = await lockTask(tx, userId, id);
    if (!current || (current.deleted_at !== null && !change.includeDeleted))
      throw notFound('Task not found');
    authorize(current.role, 'write', 'Task');
    if (expectedVersion !== undefined && expectedVersion !== current.version) {
      throw preconditionFailed(`The task is at version ${current.version}, not ${expectedVersion}`);
    }
    const now = deps.clock.now();
    const changes = await change.apply(current, tx, now);
    const { progress, ...row } = await updateTaskShown(
      tx,
      id,
      changes && { ...changes, updated_at: now, version: current.version + 1 },
    );
    const task = toTaskView(row, undefined, new Map([[id, progress]]));
    const movedFrom = row.project_id !== current.project_id ? current.project_id : undefined;
    const w: Writing = { tx, record, ids: deps.ids, now, actorId: userId };
    if (changes !== null)
      await record(await taskEvent(change.event, task, { ...nextEventBy(w), movedFrom }));
    if (!change.also) return task;
    await change.also(w, { before: current, after: row, changed: changes !== null });
    // What went with it may have changed its subtasks (a delete or restore takes them along).
    return row.parent_id === null
      ? toTaskView(row, new Map([[id, task.tags]]), await progressOf(tx, [id]))
      : task;
  });
}
