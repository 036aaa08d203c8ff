import type { Deps } from '../deps.js';
import type { Tx } from '../db/database.js';
import { appendToOutbox, type OutboxEntry } from '../db/outbox.js';

/** Writes events to the outbox of the transaction it was handed. */
export type RecordEvents = (...entries: OutboxEntry[]) => Promise<void>;

/**
 * The one way a change and its events are written: `work` runs in one transaction, the events it
 * records commit with the change or not at all, and once committed they are handed to the relay to
 * publish (after the caller has its answer; if that fails, the relay's sweep publishes them later).
 */
export async function writeWithEvents<T>(deps: Pick<Deps, 'db' | 'relay'>, work: (tx: Tx, record: RecordEvents) => Promise<T>): Promise<T> {
  const written: OutboxEntry[] = [];
  const result = await deps.db.transaction().execute((tx) =>
    work(tx, async (...entries) => {
      await appendToOutbox(tx, ...entries);
      written.push(...entries);
    }),
  );
  deps.relay.publishSoon(written);
  return result;
}
