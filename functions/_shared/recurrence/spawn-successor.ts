import type { Deps } from '../deps.js';
import type { Tx } from '../db/database.js';
import { existingTagIds, linkTags, setTaskTags, tagsOfTasks } from '../db/tags.js';
import { roleIn } from '../db/access.js';
import { insertSuccessor, lockForSuccessor, lockSuccessor } from '../db/tasks.js';
import { CONSUMED_TYPES } from '../events/catalog.js';
import { UnprocessableEvent, type ConsumedEvent, type Consumer } from '../events/consumer.js';
import { taskEvent } from '../events/task-event.js';
import type { RecordEvents } from '../events/write-with-events.js';
import { inInstantRange } from '../schemas/common.js';
import { Task, type TaskView } from '../schemas/task.js';
import { toTaskView } from '../tasks/task-view.js';
import { nextEventBy, type Writing } from '../tasks/writing.js';
import { copySubtasks, cascadeToSubtasks } from '../tasks/subtasks.js';
import { nextDue } from './next-due.js';
import { changeOccurrence, isWithdrawn } from './successor.js';

/**
 * The recurrence consumer: on `task.completed` of a recurring task, its next occurrence, written with
 * its `task.created` event. The same title, description, priority, tags (those that still exist),
 * rule and reminder offset, project and assignee; a new due date; its subtasks again, open. The
 * completed task as the event carried it is the model.
 * A task has one successor at most (a unique link): a second completion (a redelivery, or completing
 * it again after a reopen) spawns nothing, but brings back the successor its reopen withdrew, the
 * same one, as this completion makes it (`task.restored`). A completion undone before it got here
 * (the task is open again) spawns nothing: the reopen could not withdraw what did not exist yet.
 */
export const recurrenceConsumer: Consumer<TaskView> = {
  types: CONSUMED_TYPES.recurrence,
  data: Task,
  async handle(event: ConsumedEvent<TaskView>, tx: Tx, deps: Deps, record: RecordEvents) {
    const done = event.data;
    if (!done.recurrence || !done.due_at || !done.completed_at) return;
    // Locked first, as a reopen locks it before its successor: the two queue up, never cross.
    const current = await lockForSuccessor(tx, done.id);
    // A subtask does not repeat (the API refuses it); one that somehow does spawns nothing.
    if (!current || current.status === 'pending' || current.parent_id !== null) return;
    if (current.series_timezone === null)
      throw new UnprocessableEvent('the task’s user does not exist');
    const anchor = current.recurrence_anchor ?? new Date(done.due_at);

    const due = new Date(done.due_at);
    const next = await nextDue({
      rule: done.recurrence,
      anchor,
      due,
      completedAt: new Date(done.completed_at),
      timeZone: current.series_timezone,
    });
    // A series ends with its rule (COUNT, UNTIL), and cannot go on past the last instant Ripple stores (9999): it ends, like a finished one.
    if (!next || !inInstantRange(next)) return;
    const remindAt = done.remind_at
      ? new Date(next.getTime() - (due.getTime() - new Date(done.remind_at).getTime()))
      : null;
    const now = deps.clock.now();
    const w: Writing = { tx, record, ids: deps.ids, now, actorId: event.userId };
    const fields = {
      title: done.title,
      description: done.description,
      priority: done.priority,
      due_at: next,
      remind_at: remindAt,
      recurrence: done.recurrence,
      recurrence_anchor: anchor,
    };
    const tagIds = await existingTagIds(
      tx,
      done.tags.map((t) => t.id),
    );
    const row = await insertSuccessor(tx, {
      ...fields,
      id: deps.ids.next(),
      // The series stays where it is, with whom it is assigned to, and is still its creator's.
      user_id: current.user_id,
      project_id: current.project_id,
      // The assignee goes along while still a member (held, so a removal waits or is seen).
      assignee_id:
        current.assignee_id !== null &&
        (await roleIn(tx, current.assignee_id, current.project_id, { hold: true })) !== null
          ? current.assignee_id
          : null,
      recurred_from: done.id,
      created_at: now,
      updated_at: now,
      untouched_version: 1,
    });
    if (!row) {
      const withdrawn = await lockSuccessor(tx, done.id);
      if (!withdrawn || !isWithdrawn(withdrawn)) return;
      await setTaskTags(tx, withdrawn.id, tagIds);
      const back = await changeOccurrence(w, withdrawn, {
        event: 'restored',
        set: { ...fields, deleted_at: null, deleted_with: null },
      });
      await cascadeToSubtasks(w, back, 'restored');
      return;
    }
    await linkTags(tx, row.id, tagIds);
    const task = toTaskView(row, tagIds.length === 0 ? new Map() : await tagsOfTasks(tx, [row.id]));
    await record(await taskEvent('created', task, nextEventBy(w)));
    if (row.has_subtasks) await copySubtasks(w, done.id, row);
  },
};
