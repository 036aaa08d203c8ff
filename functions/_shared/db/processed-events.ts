import { pruneOlder } from './prune.js';
import type { Executor, Tx } from './database.js';
import { sentAhead } from './postgres-js-dialect.js';

/**
 * Records that `consumer` has had the effect of these events, in the transaction of that effect, in one
 * statement: the ids recorded now (those it had not processed before; the caller does nothing for the
 * others). A concurrent delivery of any of them waits here for the first to commit, then sees it.
 */
export async function recordProcessed(
  tx: Tx,
  consumer: string,
  eventIds: readonly string[],
  at: Date,
): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  return recordedNow(await recording(tx, consumer, eventIds, at).execute());
}

/**
 * As recordProcessed, sent ahead (sentAhead): the statements after it go without waiting for it, and
 * the ids recorded now come later, in `recorded`.
 */
export async function recordProcessedAhead(
  tx: Tx,
  consumer: string,
  eventIds: readonly string[],
  at: Date,
): Promise<{ recorded: Promise<Set<string>> }> {
  if (eventIds.length === 0) return { recorded: Promise.resolve(new Set()) };
  const { rows } = await sentAhead(tx, recording(tx, consumer, eventIds, at).compile());
  const recorded = rows.then(recordedNow);
  recorded.catch(() => {}); // read by the caller, or failing the transaction anyway
  return { recorded };
}

// Sorted: two batches that share events lock them in one order.
const recording = (tx: Tx, consumer: string, eventIds: readonly string[], at: Date) =>
  tx
    .insertInto('processed_events')
    .values(
      [...new Set(eventIds)]
        .sort()
        .map((eventId) => ({ consumer, event_id: eventId, processed_at: at })),
    )
    .onConflict((oc) => oc.doNothing())
    .returning('event_id');

const recordedNow = (rows: readonly { event_id: string }[]) =>
  new Set(rows.map((row) => row.event_id));

/** Deletes up to `limit` records older than `before`; returns how many. */
export const pruneProcessed = (db: Executor, before: Date, limit: number): Promise<number> =>
  pruneOlder(db, 'processed_events', 'processed_at', before, limit);
