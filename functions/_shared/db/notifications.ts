import type { Insertable } from 'kysely';
import type { NotificationsTable, Tx } from './database.js';

export type NewNotification = Insertable<NotificationsTable> & { user_id: string };

/** Inserts a notification unless its event already made one (then undefined). */
export async function insertNotification(tx: Tx, n: NewNotification) {
  return tx
    .insertInto('notifications')
    .values(n)
    .onConflict((oc) => oc.column('event_id').doNothing())
    .returning(['id', 'kind', 'task_id', 'project_id', 'actor_id', 'title', 'created_at', 'read_at'])
    .executeTakeFirst();
}
