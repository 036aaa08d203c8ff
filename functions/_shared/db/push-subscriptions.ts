import type { Executor } from './database.js';

const VIEW = ['id', 'endpoint', 'label', 'created_at'] as const;

/**
 * Keeps a browser's subscription for the user. The same endpoint again (the browser renewed its keys,
 * or another account signed in on it) is the same device: it takes the new keys, label and user.
 */
export async function upsertPushSubscription(
  db: Executor,
  row: {
    id: string;
    user_id: string;
    endpoint: string;
    p256dh: string;
    auth: string;
    label: string;
    created_at: Date;
  },
) {
  return db
    .insertInto('push_subscriptions')
    .values(row)
    .onConflict((oc) =>
      oc.column('endpoint').doUpdateSet({
        user_id: row.user_id,
        p256dh: row.p256dh,
        auth: row.auth,
        label: row.label,
      }),
    )
    .returning(VIEW)
    .executeTakeFirstOrThrow();
}

export const listPushSubscriptions = (db: Executor, userId: string) =>
  db
    .selectFrom('push_subscriptions')
    .select(VIEW)
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();

/** Every subscription of the user, with its keys: where a push goes. */
export const pushTargetsOf = (db: Executor, userId: string) =>
  db
    .selectFrom('push_subscriptions')
    .select(['id', 'endpoint', 'p256dh', 'auth'])
    .where('user_id', '=', userId)
    .execute();

export const pushTarget = (db: Executor, id: string) =>
  db
    .selectFrom('push_subscriptions')
    .select(['id', 'endpoint', 'p256dh', 'auth'])
    .where('id', '=', id)
    .executeTakeFirst();

/** Deletes a subscription: the user's own (userId given), or one the push service says is gone. True if there was one. */
export async function deletePushSubscription(
  db: Executor,
  id: string,
  userId?: string,
): Promise<boolean> {
  let query = db.deleteFrom('push_subscriptions').where('id', '=', id);
  if (userId !== undefined) query = query.where('user_id', '=', userId);
  return (await query.executeTakeFirst()).numDeletedRows > 0n;
}
