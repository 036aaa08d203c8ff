import { allows, authorize, ROLES } from '../access/rule.js';
import type { Executor } from '../db/database.js';
import type { OutboxEntry } from '../db/outbox.js';
import type { Deps } from '../deps.js';
import { ensureTags, linkTags, tagsOfTasks, type TagsByTask } from '../db/tags.js';
import { insertTask, insertTaskAtOnce, type NewTaskAtOnce } from '../db/tasks.js';
import { taskEvent } from '../events/task-event.js';
import { canWriteAtOnce, writeAtOnce, writeWithEvents } from '../events/write-with-events.js';
import type { TaskCreate, TaskView } from '../schemas/task.js';
import { canonicalRecurrence } from '../recurrence/rule.js';
import { announceAssignment } from './assignment.js';
import { assertAssignable, placeNewTask } from './placement.js';
import { assertValidSchedule, assertValidSubtask } from './rules.js';
import { toTaskView } from './task-view.js';

/** Creates a task, its tags and its `task.created` event in one transaction, in a project the user may write to. */
export async function createTask(deps: Deps, userId: string, input: TaskCreate): Promise<TaskView> {
  const recurrence = input.recurrence ? canonicalRecurrence(input.recurrence) : null;
  const schedule = { due_at: input.due_at ?? null, remind_at: input.remind_at ?? null, recurrence };
  assertValidSchedule(schedule);
  const now = deps.clock.now();
  // The task's own values, whichever way it is written.
  const values: NewTaskAtOnce = {
    id: deps.ids.next(),
    user_id: userId,
    title: input.title,
    description: input.description ?? null,
    priority: input.priority,
    ...schedule,
    recurrence_anchor: schedule.recurrence ? schedule.due_at : null,
    created_at: now,
    updated_at: now,
  };
  if (
    input.parent_id === undefined &&
    input.tags.length === 0 &&
    input.assignee_id == null &&
    canWriteAtOnce()
  ) {
    return writeAtOnce(deps, (db, wrote) =>
      createAtOnce(deps, db, wrote, values, input.project_id),
    );
  }
  return writeWithEvents(deps, async (tx, record) => {
    const place = await placeNewTask(tx, userId, input);
    assertValidSubtask({ parent_id: place.parentId, recurrence: schedule.recurrence });
    await assertAssignable(tx, place.projectId, input.assignee_id);
    const row = await insertTask(tx, {
      ...values,
      project_id: place.projectId,
      parent_id: place.parentId,
      assignee_id: input.assignee_id ?? null,
    });
    let tags: TagsByTask = new Map();
    if (input.tags.length > 0) {
      const tagRows = await ensureTags(tx, userId, input.tags, deps.ids.next, now);
      await linkTags(
        tx,
        row.id,
        tagRows.map((t) => t.id),
      );
      tags = await tagsOfTasks(tx, [row.id]);
    }
    const task = toTaskView(row, tags);
    await record(
      await taskEvent('created', task, { actorId: userId, eventId: deps.ids.next(), at: now }),
    );
    await announceAssignment(deps, record, { task, actorId: userId, previous: null, now });
    return task;
  });
}

/** Roles that may put a task in a project. */
const WRITERS = ROLES.filter((role) => allows(role, 'write'));

/**
 * Most tasks are made with no parent, tag or assignee: such a task, its place and its event are one
 * statement (db/tasks.ts, insertTaskAtOnce), with no transaction of its own (five round trips before;
 * with an Idempotency-Key, in the request's). Its event is made before the place is known, and completed
 * by the statement from the row it inserts.
 */
async function createAtOnce(
  deps: Deps,
  db: Executor,
  wrote: (event: OutboxEntry) => void,
  values: NewTaskAtOnce,
  projectId: string | undefined,
): Promise<TaskView> {
  // What the row's defaults and the place fill in, the statement sets in the event's view of the task.
  const draft = toTaskView(
    {
      ...values,
      project_id: projectId ?? '',
      parent_id: null,
      assignee_id: null,
      status: 'pending',
      version: 1,
      position: 0,
      series_id: null,
      completed_at: null,
    },
    new Map(),
  );
  const event = await taskEvent('created', draft, {
    actorId: values.user_id,
    eventId: deps.ids.next(),
    at: values.created_at,
  });
  const { role, row } = await insertTaskAtOnce(db, values, { projectId, writers: WRITERS }, event);
  authorize(role, 'write', 'Project');
  wrote(event);
  return toTaskView(row!, new Map());
}
