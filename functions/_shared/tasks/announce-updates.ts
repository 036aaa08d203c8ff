import { bumpVersions } from '../db/tasks.js';
import { taskEvent } from '../events/task-event.js';
import { toTaskView } from './task-view.js';
import { nextEventBy, type Writing } from './writing.js';

/**
 * For tasks changed from elsewhere (a tag of theirs renamed, recolored or deleted): a new version and
 * updated_at, and one `task.updated` event each carrying the task as it now reads. Call inside the
 * transaction that made the change, with the tasks locked.
 */
export async function announceTaskUpdates(w: Writing, taskIds: readonly string[]): Promise<void> {
  if (taskIds.length === 0) return;
  const rows = await bumpVersions(w.tx, taskIds, w.now);
  const events = await Promise.all(
    rows.map((row) => taskEvent('updated', toTaskView(row), nextEventBy(w))),
  );
  await w.record(...events);
}
