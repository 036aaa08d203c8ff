import type { Deps } from '../deps.js';
import type { Tx } from '../db/database.js';
import { bumpVersions } from '../db/tasks.js';
import { taskEvent } from '../events/task-event.js';
import type { RecordEvents } from '../events/write-with-events.js';
import { toTaskView } from './task-view.js';

/**
 * For tasks changed from elsewhere (a tag of theirs renamed, recolored or deleted): a new version and
 * updated_at, and one `task.updated` event each carrying the task as it now reads. Call inside the
 * transaction that made the change, with the tasks locked.
 */
export async function announceTaskUpdates(
  tx: Tx,
  record: RecordEvents,
  deps: Deps,
  userId: string,
  taskIds: readonly string[],
  now: Date,
): Promise<void> {
  if (taskIds.length === 0) return;
  const rows = await bumpVersions(tx, taskIds, now);
  const events = await Promise.all(
    rows.map((row) => taskEvent('updated', toTaskView(row), userId, deps.ids.next(), now)),
  );
  await record(...events);
}
