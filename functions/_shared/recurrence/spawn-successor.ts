import type { Deps } from '../deps.js';
import type { Tx } from '../db/database.js';
import { tagsOfTasks } from '../db/tags.js';
import { insertSuccessor, recurrenceContext } from '../db/tasks.js';
import { taskEventType } from '../events/catalog.js';
import { UnprocessableEvent, type ConsumedEvent, type Consumer } from '../events/consumer.js';
import { taskEvent } from '../events/task-event.js';
import type { RecordEvents } from '../events/write-with-events.js';
import { inInstantRange } from '../schemas/common.js';
import { Task, type TaskView } from '../schemas/task.js';
import { toTaskView } from '../tasks/task-view.js';
import { nextDue } from './next-due.js';

/**
 * The recurrence consumer: on `task.completed` of a recurring task, its next occurrence, written with
 * its `task.created` event. The same title, description, priority, tags (those that still exist),
 * rule and reminder offset; a new due date. The completed task as the event carried it is the model,
 * whatever happened to it since; the unique link to its predecessor makes a second completion (a
 * redelivery, or completing it again after a reopen) spawn nothing.
 */
export const recurrenceConsumer: Consumer<TaskView> = {
  types: [taskEventType('completed')],
  data: Task,
  async handle(event: ConsumedEvent<TaskView>, tx: Tx, deps: Deps, record: RecordEvents) {
    const done = event.data;
    if (!done.recurrence || !done.due_at || !done.completed_at) return;
    const context = await recurrenceContext(tx, event.userId, done.id);
    if (!context) throw new UnprocessableEvent('the task’s user does not exist');
    const anchor = context.recurrence_anchor ?? new Date(done.due_at);

    const due = new Date(done.due_at);
    const next = await nextDue({ rule: done.recurrence, anchor, due, completedAt: new Date(done.completed_at), timeZone: context.timezone });
    // A series cannot go on past the last instant Ripple stores (9999): it ends, like a finished one.
    if (!inInstantRange(next)) return;
    const remindAt = done.remind_at ? new Date(next.getTime() - (due.getTime() - new Date(done.remind_at).getTime())) : null;
    const now = deps.clock.now();
    const row = await insertSuccessor(tx, {
      id: deps.ids.next(),
      user_id: event.userId,
      title: done.title,
      description: done.description,
      priority: done.priority,
      due_at: next,
      remind_at: remindAt,
      recurrence: done.recurrence,
      recurrence_anchor: anchor,
      recurred_from: done.id,
      created_at: now,
      updated_at: now,
    });
    if (!row) return;
    await linkStillExistingTags(tx, event.userId, row.id, done.tags.map((t) => t.id));
    const task = toTaskView(row, await tagsOfTasks(tx, [row.id]));
    await record(await taskEvent('created', task, event.userId, deps.ids.next(), now));
  },
};

async function linkStillExistingTags(tx: Tx, userId: string, taskId: string, tagIds: readonly string[]) {
  if (tagIds.length === 0) return;
  const existing = await tx.selectFrom('tags').select('id').where('user_id', '=', userId).where('id', 'in', tagIds).execute();
  if (existing.length > 0) await tx.insertInto('task_tags').values(existing.map((t) => ({ task_id: taskId, tag_id: t.id }))).execute();
}

