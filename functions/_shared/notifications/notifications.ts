import type { Deps } from '../deps.js';
import type { NotificationRow } from '../db/database.js';

type NotificationFields = Pick<NotificationRow, 'id' | 'kind' | 'task_id' | 'project_id' | 'actor_id' | 'title' | 'created_at' | 'read_at'>;
/** The columns a notification is answered from. */
export const NOTIFICATION_COLUMNS = ['id', 'kind', 'task_id', 'project_id', 'actor_id', 'title', 'created_at', 'read_at'] as const;
import { notFound } from '../errors.js';
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

/** The user's newest notifications (100 at most), or only the unread ones. */
export async function listNotifications(deps: Deps, userId: string, unreadOnly: boolean): Promise<NotificationView[]> {
  let query = deps.db.selectFrom('notifications').select(NOTIFICATION_COLUMNS).where('user_id', '=', userId);
  if (unreadOnly) query = query.where('read_at', 'is', null);
  return (await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(100).execute()).map(toNotificationView);
}

/** Marks a notification read (once: reading it again keeps the first time). */
export async function markNotificationRead(deps: Deps, userId: string, id: string): Promise<NotificationView> {
  const row = await deps.db
    .updateTable('notifications')
    .set((eb) => ({ read_at: eb.fn.coalesce('read_at', eb.val(deps.clock.now())) }))
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returning(NOTIFICATION_COLUMNS)
    .executeTakeFirst();
  if (!row) throw notFound('Notification not found');
  return toNotificationView(row);
}
