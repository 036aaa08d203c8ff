import type { Insertable } from 'kysely';
import { readableProjects } from './access.js';
import type { Executor, NotificationsTable, Tx } from './database.js';

/** The columns a notification is answered from. */
export const NOTIFICATION_COLUMNS = [
  'id',
  'kind',
  'task_id',
  'project_id',
  'actor_id',
  'title',
  'created_at',
  'read_at',
] as const;

export type NewNotification = Insertable<NotificationsTable> & { user_id: string };

/** Inserts a notification unless its event already made one (then undefined). */
export async function insertNotification(tx: Tx, n: NewNotification) {
  return tx
    .insertInto('notifications')
    .values(n)
    .onConflict((oc) => oc.column('event_id').doNothing())
    .returning(NOTIFICATION_COLUMNS)
    .executeTakeFirst();
}

/** The user's notifications the access rule still lets them see, newest first, 100 at most. */
export async function listNotificationRows(db: Executor, userId: string, unreadOnly: boolean) {
  let query = db
    .selectFrom('notifications as n')
    .select(NOTIFICATION_COLUMNS.map((c) => `n.${c}` as const))
    .where('n.user_id', '=', userId)
    .where((eb) =>
      eb.or([
        eb('n.project_id', 'is', null),
        eb.and([
          eb('n.kind', '!=', 'invitation'),
          eb('n.project_id', 'in', readableProjects(db, userId, { archived: true })),
        ]),
        eb.and([
          eb('n.kind', '=', 'invitation'),
          eb.exists(
            eb
              .selectFrom('project_members as pm')
              .select('pm.project_id')
              .whereRef('pm.project_id', '=', 'n.project_id')
              .where('pm.user_id', '=', userId)
              .where('pm.accepted_at', 'is', null),
          ),
        ]),
      ]),
    );
  if (unreadOnly) query = query.where('n.read_at', 'is', null);
  return query.orderBy('n.created_at', 'desc').orderBy('n.id', 'desc').limit(100).execute();
}

/** Marks the user's notification read (once: reading it again keeps the first time); undefined if they have none of that id. */
export async function markNotificationRow(db: Executor, userId: string, id: string, now: Date) {
  return db
    .updateTable('notifications')
    .set((eb) => ({ read_at: eb.fn.coalesce('read_at', eb.val(now)) }))
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returning(NOTIFICATION_COLUMNS)
    .executeTakeFirst();
}
