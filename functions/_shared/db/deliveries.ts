import { sql, type Insertable } from 'kysely';
import type { DeliveriesTable, DeliveryChannel, DeliveryStatus, Executor, Tx } from './database.js';

export type NewDelivery = Insertable<DeliveriesTable>;

/** Records deliveries decided on; one already recorded (a redelivered event) is left as it is. */
export async function insertDeliveries(tx: Tx, rows: NewDelivery[]): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insertInto('deliveries')
    .values(rows)
    .onConflict((oc) => oc.columns(['channel', 'source_id', 'target']).doNothing())
    .execute();
}

/**
 * Takes one delivery of the channel that is due (held or waiting for a retry, its time come), locked
 * for this transaction: another sender skips it, so it goes out once.
 */
export async function claimDue(tx: Tx, channel: DeliveryChannel, now: Date, userId?: string) {
  let query = tx
    .selectFrom('deliveries')
    .selectAll()
    .where('channel', '=', channel)
    .where('status', 'in', ['held', 'pending'])
    .where('next_attempt_at', '<=', now);
  if (userId !== undefined) query = query.where('user_id', '=', userId);
  return query.orderBy('next_attempt_at').limit(1).forUpdate().skipLocked().executeTakeFirst();
}

export async function settleDelivery(
  tx: Tx,
  id: string,
  patch: {
    status: DeliveryStatus;
    attempts: number;
    next_attempt_at?: Date;
    reason?: string | null;
    sent_at?: Date | null;
  },
) {
  await tx.updateTable('deliveries').set(patch).where('id', '=', id).execute();
}

/** The users with deliveries due now, per channel: whom the scheduler wakes the senders for. */
export const dueDeliveryUsers = (db: Executor, now: Date) =>
  db
    .selectFrom('deliveries')
    .select(['channel', 'user_id'])
    .distinct()
    .where('status', 'in', ['held', 'pending'])
    .where('next_attempt_at', '<=', now)
    .limit(1000)
    .execute();

/** When the next waiting delivery is due, or null. */
export async function nextDeliveryAt(db: Executor): Promise<Date | null> {
  const row = await db
    .selectFrom('deliveries')
    .select((eb) => eb.fn.min('next_attempt_at').as('at'))
    .where('status', 'in', ['held', 'pending'])
    .executeTakeFirst();
  return row?.at ? new Date(row.at) : null;
}

/** The deliveries of one thing told (tests, and the ledger's readers). */
export const deliveriesOf = (db: Executor, channel: DeliveryChannel, userId: string) =>
  db
    .selectFrom('deliveries')
    .selectAll()
    .where('channel', '=', channel)
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy(sql`id`)
    .execute();
