import { pruneOlder } from './prune.js';
import type { Executor, Tx } from './database.js';

/**
 * Records that `consumer` has had the effect of these events, in the transaction of that effect, in one
 * statement: the ids recorded now (those it had not processed before; the caller does nothing for the
 * others). A concurrent delivery of any of them waits here for the first to commit, then sees it.
 */
export async function recordProcessed(tx: Tx, consumer: string, eventIds: readonly string[], at: Date): Promise<Set<string>> {
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
