import type { Deps } from '../deps.js';
import type { NotificationRow } from '../db/database.js';

type NotificationFields = Pick<NotificationRow, (typeof NOTIFICATION_COLUMNS)[number]>;
import { notFound } from '../errors.js';
import type { NOTIFICATION_COLUMNS } from '../db/notifications.js';
import { listNotificationRows, markNotificationRow } from '../db/notifications.js';
import type { NotificationView } from '../schemas/notification.js';

/** A notification as the API answers it. */
export const toNotificationView = (n: NotificationFields): NotificationView => ({
  id: n.id,
  kind: n.kind,
  task_id: n.task_id,
  project_id: n.project_id,
  actor_id: n.actor_id,
  title: n.title,
  created_at: n.created_at.toISOString(),
  read_at: n.read_at?.toISOString() ?? null,
});

/**
 * The user's newest notifications (100 at most), or only the unread ones: about projects they can
 * still read (a removed member no longer sees the project's task titles), and invitations while they
 * still wait for an answer.
 */
export async function listNotifications(
  deps: Deps,
  userId: string,
  unreadOnly: boolean,
): Promise<NotificationView[]> {
  return (await listNotificationRows(deps.db, userId, unreadOnly)).map(toNotificationView);
}

/** Marks a notification read (once: reading it again keeps the first time). */
export async function markNotificationRead(
  deps: Deps,
  userId: string,
  id: string,
): Promise<NotificationView> {
  const row = await markNotificationRow(deps.db, userId, id, deps.clock.now());
  if (!row) throw notFound('Notification not found');
  return toNotificationView(row);
}
