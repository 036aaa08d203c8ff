import type { Deps } from '../deps.js';
import type { Executor, Tx } from '../db/database.js';
import { claimKey, isKeyInProgress } from '../db/idempotency-keys.js';
import { appendToOutbox, type OutboxEntry } from '../db/outbox.js';
import { inSpan, traceContext, tracingOn } from '../tracing.js';
import { KeyTaken, keyedRequests, type KeyedRequest } from './keyed-request.js';

/** Writes events to the outbox of the transaction it was handed. */
export type RecordEvents = (...entries: OutboxEntry[]) => Promise<void>;

/**
 * Writes events to the outbox in a span of their own ("outbox write"), whose trace context each event
 * carries from then on (its `traceparent`): the publish and the consumers continue that trace.
 */
async function append(tx: Tx, entries: OutboxEntry[]): Promise<OutboxEntry[]> {
  if (!tracingOn()) {
    await appendToOutbox(tx, ...entries);
    return entries;
  }
  return inSpan(
    'outbox write',
    {
      kind: 'internal',
      attributes: {
        'ripple.events': entries.length,
        'ripple.event_types': entries.map((e) => e.eventType).join(','),
      },
    },
    async () => {
      const traced = entries.map((entry) => ({
        ...entry,
        event: { ...entry.event, ...traceContext() },
      }));
      await appendToOutbox(tx, ...traced);
      return traced;
    },
  );
}

/**
 * The one way a change and its events are written: `work` runs in one transaction, the events it
 * records commit with the change or not at all, and once committed they are handed to the relay to
 * publish (after the caller has its answer; if that fails, the relay's sweep publishes them later).
 * In a request with an Idempotency-Key the transaction stays open for the answer (keyed-request.ts).
 */
export async function writeWithEvents<T>(
  deps: Pick<Deps, 'db' | 'relay'>,
  work: (tx: Tx, record: RecordEvents) => Promise<T>,
): Promise<T> {
  const keyed = keyedRequests.getStore();
  if (keyed) return writeKeyed(deps, keyed, work);
  const written: OutboxEntry[] = [];
  const result = await deps.db.transaction().execute((tx) =>
    work(tx, async (...entries) => {
      written.push(...(await append(tx, entries)));
    }),
  );
  deps.relay.publishSoon(written);
  return result;
}

/**
 * Whether a change may write its events in a statement of its own (writeAtOnce): not with tracing on,
 * where events carry the context of an "outbox write" span of their own (writeWithEvents).
 */
export const canWriteAtOnce = (): boolean => !tracingOn();

/**
 * A change whose own statement writes its events (a data-modifying CTE), told by `wrote`: they are
 * published once committed. `work` runs on the pool, with no transaction (so it must be one statement),
 * or, in a request with an Idempotency-Key, in that request's transaction, its key claimed first, as
 * writeWithEvents would.
 */
export async function writeAtOnce<T>(
  deps: Pick<Deps, 'db' | 'relay'>,
  work: (db: Executor, wrote: (...entries: OutboxEntry[]) => void) => Promise<T>,
): Promise<T> {
  const keyed = keyedRequests.getStore();
  if (keyed)
    return writeKeyed(deps, keyed, (trx) =>
      work(trx, (...entries) => keyed.written.push(...entries)),
    );
  const written: OutboxEntry[] = [];
  const result = await work(deps.db, (...entries) => written.push(...entries));
  deps.relay.publishSoon(written);
  return result;
}

async function writeKeyed<T>(
  deps: Pick<Deps, 'db'>,
  keyed: KeyedRequest,
  work: (tx: Tx, record: RecordEvents) => Promise<T>,
): Promise<T> {
  if (!keyed.trx) {
    const trx = await deps.db.startTransaction().execute();
    try {
      if (!(await claimKey(trx, keyed))) throw new KeyTaken();
    } catch (err) {
      await trx
        .rollback()
        .execute()
        .catch(() => {});
      throw isKeyInProgress(err) ? new KeyTaken() : err;
    }
    keyed.trx = trx;
  }
  const trx = keyed.trx;
  try {
    return await work(trx, async (...entries) => {
      keyed.written.push(...(await append(trx, entries)));
    });
  } catch (err) {
    // As a transaction of its own would: a failed change leaves nothing behind.
    keyed.trx = undefined;
    keyed.written.length = 0;
    await trx
      .rollback()
      .execute()
      .catch(() => {});
    throw err;
  }
}
