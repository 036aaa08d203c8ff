import type { TaskRow, TaskUpdate } from '../db/database.js';
import { roleIn } from '../db/access.js';
import { lockSubtasks, progressOf } from '../db/subtasks.js';
import { linkTags, tagsOfTasks } from '../db/tags.js';
import { insertTask, updateTask } from '../db/tasks.js';
import type { TaskEventName } from '../events/catalog.js';
import { taskEvent } from '../events/task-event.js';
import { toTaskView } from './task-view.js';
import { nextEventBy, type Writing } from './writing.js';

/** A task changed on another's account (its parent's, its project's): a version, and its own event. */
export async function changeAlong(
  w: Writing,
  row: TaskRow,
  event: TaskEventName,
  set: TaskUpdate,
): Promise<void> {
  const changed = await updateTask(w.tx, row.id, {
    ...set,
    updated_at: w.now,
    version: row.version + 1,
  });
  const view = toTaskView(changed, undefined, await progressOf(w.tx, [row.id]));
  const movedFrom = changed.project_id !== row.project_id ? row.project_id : undefined;
  await w.record(await taskEvent(event, view, { ...nextEventBy(w), movedFrom }));
}

/**
 * A parent's deletion takes its live subtasks to the trash with it (marked as taken by it); its
 * restore brings back exactly those, not one deleted on its own before.
 */
export async function cascadeToSubtasks(
  w: Writing,
  parent: TaskRow,
  event: 'deleted' | 'restored',
): Promise<void> {
  for (const sub of await lockSubtasks(w.tx, parent.id)) {
    if (event === 'deleted' && sub.deleted_at === null)
      await changeAlong(w, sub, 'deleted', { deleted_at: w.now, deleted_with: parent.id });
    if (event === 'restored' && sub.deleted_with === parent.id)
      await changeAlong(w, sub, 'restored', { deleted_at: null, deleted_with: null });
  }
}

/** A parent moved to another project takes its subtasks along (those in the trash too). */
export async function moveSubtasks(
  w: Writing,
  parent: TaskRow,
  assigneeKept: (assigneeId: string) => Promise<boolean>,
): Promise<void> {
  for (const sub of await lockSubtasks(w.tx, parent.id)) {
    const assignee =
      sub.assignee_id !== null && !(await assigneeKept(sub.assignee_id))
        ? { assignee_id: null }
        : {};
    await changeAlong(w, sub, 'updated', { project_id: parent.project_id, ...assignee });
  }
}

/** A recurring parent's next occurrence gets its live subtasks again, open, each with its `task.created`. */
export async function copySubtasks(w: Writing, fromParentId: string, to: TaskRow): Promise<void> {
  const subs = (await lockSubtasks(w.tx, fromParentId)).filter((s) => s.deleted_at === null);
  for (const sub of subs) {
    const row = await insertTask(w.tx, {
      id: w.ids.next(),
      user_id: sub.user_id,
      project_id: to.project_id,
      parent_id: to.id,
      assignee_id:
        sub.assignee_id !== null &&
        (await roleIn(w.tx, sub.assignee_id, to.project_id, { hold: true })) !== null
          ? sub.assignee_id
          : null,
      title: sub.title,
      description: sub.description,
      priority: sub.priority,
      created_at: w.now,
      updated_at: w.now,
    });
    await linkTags(
      w.tx,
      row.id,
      sub.tag_list.map((t) => t.id),
    );
    await w.record(
      await taskEvent(
        'created',
        toTaskView(row, await tagsOfTasks(w.tx, [row.id])),
        nextEventBy(w),
      ),
    );
  }
}
