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

/**
 * recordProcessed for several events in one statement: the ids recorded now (not processed before).
 * A concurrent delivery of any of them waits here for the first to commit, as with one.
 */
export async function recordProcessedMany(tx: Tx, consumer: string, eventIds: readonly string[], at: Date): Promise<Set<string>> {
  // Sorted: two batches that share events lock them in one order.
  const unique = [...new Set(eventIds)].sort();
  if (unique.length === 0) return new Set();
  const inserted = await tx
    .insertInto('processed_events')
    .values(unique.map((eventId) => ({ consumer, event_id: eventId, processed_at: at })))
    .onConflict((oc) => oc.doNothing())
    .returning('event_id')
    .execute();
  return new Set(inserted.map((row) => row.event_id));
}

/** Deletes up to `limit` records older than `before`; returns how many. */
export const pruneProcessed = (db: Executor, before: Date, limit: number): Promise<number> => pruneOlder(db, 'processed_events', 'processed_at', before, limit);
