import { lockLiveTopTasks, lockTasksDeletedWith } from '../db/projects.js';
import { cascadeToSubtasks, changeAlong } from './subtasks.js';
import type { Writing } from './writing.js';

/**
 * A project's deletion takes its live tasks to the trash with it (marked as taken by it, each with its
 * `task.deleted`), and their live subtasks with them, as a parent's deletion does.
 */
export async function trashProjectTasks(w: Writing, projectId: string): Promise<number> {
  const tasks = await lockLiveTopTasks(w.tx, projectId);
  for (const task of tasks) {
    await changeAlong(w, task, 'deleted', { deleted_at: w.now, deleted_with: projectId });
    await cascadeToSubtasks(w, task, 'deleted');
  }
  return tasks.length;
}

/** Its restore brings back exactly those, with their subtasks, not a task deleted on its own before. */
export async function restoreProjectTasks(w: Writing, projectId: string): Promise<number> {
  const tasks = await lockTasksDeletedWith(w.tx, projectId);
  for (const task of tasks) {
    await changeAlong(w, task, 'restored', { deleted_at: null, deleted_with: null });
    await cascadeToSubtasks(w, task, 'restored');
  }
  return tasks.length;
}
