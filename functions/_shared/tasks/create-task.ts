import type { Deps } from '../deps.js';
import { ensureTags, linkTags, tagsOfTasks, type TagsByTask } from '../db/tags.js';
import { insertTask } from '../db/tasks.js';
import { taskEvent } from '../events/task-event.js';
import { writeWithEvents } from '../events/write-with-events.js';
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
  return writeWithEvents(deps, async (tx, record) => {
    const place = await placeNewTask(tx, userId, input);
    assertValidSubtask({ parent_id: place.parentId, recurrence: schedule.recurrence });
    await assertAssignable(tx, place.projectId, input.assignee_id);
    const row = await insertTask(tx, {
      id: deps.ids.next(),
      user_id: userId,
      project_id: place.projectId,
      parent_id: place.parentId,
      assignee_id: input.assignee_id ?? null,
      title: input.title,
      description: input.description ?? null,
      priority: input.priority,
      ...schedule,
      recurrence_anchor: schedule.recurrence ? schedule.due_at : null,
      created_at: now,
      updated_at: now,
    });
    let tags: TagsByTask = new Map();
    if (input.tags.length > 0) {
      const tagRows = await ensureTags(tx, userId, input.tags, deps.ids.next, now);
      await linkTags(tx, row.id, tagRows.map((t) => t.id));
      tags = await tagsOfTasks(tx, [row.id]);
    }
    const task = toTaskView(row, tags);
    await record(await taskEvent('created', task, userId, deps.ids.next(), now));
    await announceAssignment(deps, record, { task, actorId: userId, previous: null, now });
    return task;
  });
}
