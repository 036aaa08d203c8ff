import type { ExpressionBuilder, Insertable } from 'kysely';
import { readableProjects } from './access.js';
import type { Database, Executor, NotificationsTable, Tx } from './database.js';

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

/**
 * Which of the user's notifications they may still see, one rule for reading and marking: one about no
 * project; one about a project they can still read (a removed member no longer sees its task titles);
 * an invitation while it waits for an answer, and only the current one (an invitation answered, then
 * withdrawn and sent again, is not shown twice: the earlier one is older than the membership).
 */
function visibleTo(db: Executor, userId: string) {
  return (eb: ExpressionBuilder<Database & { n: NotificationsTable }, 'n'>) =>
    eb.and([
      eb('n.user_id', '=', userId),
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
              .where('pm.accepted_at', 'is', null)
              .whereRef('n.created_at', '>=', 'pm.invited_at'),
          ),
        ]),
      ]),
    ]);
}

/** The user's notifications they may still see (visibleTo), newest first, 100 at most. */
export async function listNotificationRows(db: Executor, userId: string, unreadOnly: boolean) {
  let query = db
    .selectFrom('notifications as n')
    .select(NOTIFICATION_COLUMNS.map((c) => `n.${c}` as const))
    .where(visibleTo(db, userId));
  if (unreadOnly) query = query.where('n.read_at', 'is', null);
  return query.orderBy('n.created_at', 'desc').orderBy('n.id', 'desc').limit(100).execute();
}

/**
 * Marks the user's notification read (once: reading it again keeps the first time); undefined if they
 * have none of that id they may still see.
 */
export async function markNotificationRow(db: Executor, userId: string, id: string, now: Date) {
  return db
    .updateTable('notifications as n')
    .set((eb) => ({ read_at: eb.fn.coalesce('n.read_at', eb.val(now)) }))
    .where('n.id', '=', id)
    .where(visibleTo(db, userId))
    .returning(NOTIFICATION_COLUMNS.map((c) => `n.${c}` as const))
    .executeTakeFirst();
}
