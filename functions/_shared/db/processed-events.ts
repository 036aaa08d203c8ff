import { pruneOlder } from './prune.js';
import type { Executor, Tx } from './database.js';

/**
 * Records that `consumer` has had the effect of `eventId`, in the transaction of that effect. False
 * when it already had: the caller then does nothing. A concurrent delivery of the same event waits
 * here for the first to commit, then sees it.
 */
export async function recordProcessed(tx: Tx, consumer: string, eventId: string, at: Date): Promise<boolean> {
  const inserted = await tx
    .insertInto('processed_events')
    .values({ consumer, event_id: eventId, processed_at: at })
    .onConflict((oc) => oc.doNothing())
    .returning('event_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Deletes up to `limit` records older than `before`; returns how many. */
export const pruneProcessed = (db: Executor, before: Date, limit: number): Promise<number> => pruneOlder(db, 'processed_events', 'processed_at', before, limit);
