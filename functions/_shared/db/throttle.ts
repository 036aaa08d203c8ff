import { sql } from 'kysely';
import type { Executor, Tx } from './database.js';

/**
 * The counters of these keys, each locked for the rest of the transaction (created at zero when
 * missing), so that concurrent attempts on one key are counted one after the other.
 */
export async function lockCounters(tx: Tx, keys: readonly string[], now: Date) {
  await tx
    .insertInto('signin_throttle')
    .values(keys.map((key) => ({ key, failures: 0, window_started_at: now, last_failed_at: null })))
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return tx
    .selectFrom('signin_throttle')
    .selectAll()
    .where('key', 'in', keys)
    .orderBy('key')
    .forUpdate()
    .execute();
}

/** Counts one attempt on `key`; a window that has ended (started at or before `windowStart`) starts again with it. */
export async function countOne(
  db: Executor,
  key: string,
  now: Date,
  windowStart: Date,
): Promise<void> {
  const expired = sql<boolean>`window_started_at <= ${windowStart}`;
  await db
    .updateTable('signin_throttle')
    .set({
      failures: sql`case when ${expired} then 1 else failures + 1 end`,
      window_started_at: sql`case when ${expired} then ${now} else window_started_at end`,
      last_failed_at: now,
    })
    .where('key', '=', key)
    .execute();
}

/** Takes back one attempt counted on `key` (one that turned out not to be a failure); a counter back at zero goes. */
export async function uncountOne(db: Executor, key: string): Promise<void> {
  await db
    .deleteFrom('signin_throttle')
    .where('key', '=', key)
    .where('failures', '<=', 1)
    .execute();
  await db
    .updateTable('signin_throttle')
    .set({ failures: sql`failures - 1` })
    .where('key', '=', key)
    .where('failures', '>', 1)
    .execute();
}

export async function deleteCounter(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('signin_throttle').where('key', '=', key).execute();
}
