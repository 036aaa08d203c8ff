import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { pruneConversations } from '../db/conversations.js';
import {
  claimPending,
  markPublished,
  prunePublished,
  type OutboxEntry,
  type PendingEvent,
} from '../db/outbox.js';
import { pruneKeys } from '../db/idempotency-keys.js';
import { pruneProcessed } from '../db/processed-events.js';
import { pruneStream } from '../db/stream.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Liveness } from '../runtime/liveness.js';
import { TOPICS } from './catalog.js';
import { inSpan, traceContext, tracingOn } from '../tracing.js';
import { inPartitionOrder, partitionOf } from './partitions.js';
import type { Publisher } from './publisher.js';

export interface DrainResult {
  /** Rows this publisher took (locked and free to go in order). */
  claimed: number;
  published: number;
}

export interface SweepResult extends DrainResult {
  pruned: number;
}

/** Publishes the outbox: right after a commit (the rows it wrote), and as a sweep of whatever is left. */
export interface Relay {
  /** After a commit: publish these events soon, batched with other requests' events. Never throws. */
  publishSoon(events: readonly Pick<OutboxEntry, 'eventId' | 'topic' | 'partitionKey'>[]): void;
  /** Everything unpublished, batch after batch, for up to `budgetMs`; then prunes old published rows. */
  sweep(budgetMs?: number): Promise<SweepResult>;
  /** Resolves once no publishing started so far is still running (tests, shutdown). */
  settled(): Promise<void>;
}

export interface RelayOptions {
  db: Db;
  publisher: Publisher;
  logger: Logger;
  clock: Clock;
  metrics?: Metrics | undefined;
  retentionHours: number;
  /** How long the per-user stream's entries stay for replay. */
  streamRetentionHours: number;
  batchSize?: number;
  /** Partitions published at once; within one partition, one event at a time, in order. */
  concurrency?: number;
  /** Told of every flush and sweep, so that one that never ends fails /healthz. */
  liveness?: Liveness | undefined;
  /**
   * Batches published at once after commits, each in a transaction held while the publisher answers.
   * Keep it below the pool size, so that requests keep a connection while a broker is slow.
   */
  batchesAtOnce?: number;
}

const ALL_TOPICS: readonly string[] = Object.values(TOPICS);
const GIVE_UP_AFTER = 3;
const FLUSHES_AT_ONCE = 4;
const HELD_RETRIES = 5;

export function createRelay(options: RelayOptions): Relay {
  const { db, publisher, logger, clock } = options;
  const batchSize = options.batchSize ?? 200;
  const concurrency = options.concurrency ?? 8;
  const flushesAtOnce = Math.max(
    1,
    Math.min(FLUSHES_AT_ONCE, options.batchesAtOnce ?? FLUSHES_AT_ONCE),
  );
  const topics = ALL_TOPICS.filter((t) => publisher.handles(t));
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>, what = 'publishing'): Promise<T> => {
    options.liveness?.track(`outbox ${what}`, p);
    inFlight.add(p);
    void p.then(
      () => inFlight.delete(p),
      () => inFlight.delete(p),
    );
    return p;
  };

  const message = (row: PendingEvent) => ({
    topic: row.topic,
    partitionKey: row.partition_key,
    event: row.event,
  });

  // A span per event published, in the trace the event carries; the event goes out carrying the
  // publish span, so each consumer's handling is its child.
  const publish = (row: PendingEvent) =>
    !tracingOn()
      ? publisher.publish(message(row))
      : inSpan(
          `publish ${row.topic}`,
          {
            kind: 'producer',
            parent: row.event,
            attributes: {
              'messaging.destination.name': row.topic,
              'messaging.message.id': row.event_id,
              'cloudevents.event_type': String(row.event.type),
              'ripple.publisher': publisher.kind,
            },
          },
          () => publisher.publish({ ...message(row), event: { ...row.event, ...traceContext() } }),
        );

  /**
   * The rows in one batch where the publisher carries batches, each consumer taking its share in one
   * request and one transaction; otherwise, or when a consumer did not take its share, one at a time.
   * Not with tracing on: a delivery request of one event continues that event's trace.
   */
  async function publishRows(rows: PendingEvent[]): Promise<string[]> {
    if (
      rows.length > 1 &&
      publisher.publishBatch &&
      !tracingOn() &&
      (await publisher.publishBatch(rows.map(message)))
    ) {
      for (const row of rows) options.metrics?.published(row.topic, 'ok');
      return rows.map((row) => row.id);
    }
    return publishInOrder(rows);
  }

  /** Publishes each partition's rows in order; a failure stops its partition, not the others. */
  async function publishInOrder(rows: PendingEvent[]): Promise<string[]> {
    const { done, failures } = await inPartitionOrder(
      rows,
      (row) => partitionOf(row.topic, row.partition_key),
      { atOnce: concurrency, giveUpAfter: GIVE_UP_AFTER },
      async (row) => {
        try {
          await publish(row);
          options.metrics?.published(row.topic, 'ok');
        } catch (err) {
          options.metrics?.published(row.topic, 'failed');
          throw err;
        }
      },
    );
    if (failures.length > 0) {
      logger.warn(
        { failed: failures.length, published: done.length, reason: (failures[0] as Error).message },
        'publishing failed; the events stay in the outbox for the relay',
      );
    }
    return done.map((row) => row.id);
  }

  async function drain(
    opts: { eventIds?: readonly string[]; limit?: number } = {},
  ): Promise<DrainResult & { taken: Set<string> }> {
    return db.transaction().execute(async (tx) => {
      const rows = await claimPending(tx, {
        topics,
        eventIds: opts.eventIds,
        limit: opts.limit ?? batchSize,
      });
      const published = await publishRows(rows);
      await markPublished(tx, published, clock.now());
      return {
        claimed: rows.length,
        published: published.length,
        taken: new Set(rows.map((r) => r.event_id)),
      };
    });
  }

  // Events written by requests in the same moment go out in one batch, one transaction; a few
  // batches at once, so a new event need not wait for a whole batch before it to finish. A batch
  // never takes an event whose task (partition) another batch here is publishing: it waits for that
  // batch and follows it, rather than be held back by the database's order check.
  const pending = new Map<string, string>(); // event id -> partition key, in arrival order
  const busy = new Set<string>(); // partition keys a batch here is publishing
  const attempts = new Map<string, number>();
  let flushes = 0;
  function takeBatch(): Map<string, string> {
    const batch = new Map<string, string>();
    const blocked = new Set<string>();
    for (const [id, key] of pending) {
      if (batch.size >= batchSize) break;
      // Keys are marked busy once the batch is built, so a batch still takes several events of one task.
      if (blocked.has(key) || busy.has(key)) {
        blocked.add(key);
        continue;
      }
      batch.set(id, key);
    }
    for (const [id, key] of batch) {
      pending.delete(id);
      busy.add(key);
    }
    return batch;
  }
  async function flush(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    for (let batch = takeBatch(); batch.size > 0; batch = takeBatch()) {
      const ids = [...batch.keys()];
      const result = await drain({ eventIds: ids, limit: ids.length }).catch((err: unknown) => {
        logger.warn(
          { err, events: ids.length },
          'publishing after commit failed; the relay will publish them',
        );
      });
      for (const key of batch.values()) busy.delete(key);
      if (!result) continue;
      for (const id of result.taken) attempts.delete(id);
      retryHeld(
        ids.filter((id) => !result.taken.has(id)).map((id) => [id, batch.get(id)!] as const),
      );
    }
    flushes--;
    // Events left waiting on a partition that has just been released: another flush takes them.
    if (pending.size > 0 && flushes === 0) start();
  }
  // An event not taken was held behind an older event of its task that another publisher (another
  // process, or this one's sweep) holds right now: look again shortly, a few times, rather than leave
  // it for the next sweep (a minute away in the cluster).
  function retryHeld(entries: (readonly [string, string])[]) {
    const again = entries.filter(([id]) => {
      const attempt = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, attempt);
      if (attempt <= HELD_RETRIES) return true;
      attempts.delete(id);
      return false;
    });
    if (again.length === 0) return;
    const delay = 10 * 2 ** ((attempts.get(again[0]![0]) ?? 1) - 1);
    void track(
      new Promise<void>((resolve) => setTimeout(resolve, delay)).then(() => enqueue(again)),
    );
  }
  function start() {
    flushes++;
    void track(flush(), 'publishing after commit');
  }
  function enqueue(events: Iterable<readonly [string, string]>) {
    for (const [id, key] of events) pending.set(id, key);
    if (flushes < flushesAtOnce) start();
  }

  return {
    publishSoon(events) {
      if (topics.length === 0 || events.length === 0) return;
      enqueue(events.map((e) => [e.eventId, partitionOf(e.topic, e.partitionKey)] as const));
    },
    sweep(budgetMs = 20_000) {
      return track(
        (async () => {
          const started = Date.now();
          const total = { claimed: 0, published: 0, pruned: 0 };
          for (;;) {
            const batch = await drain();
            total.claimed += batch.claimed;
            total.published += batch.published;
            // Rows skipped (another relay holds them) or held back (an older row of their task waits)
            // make a batch short without the outbox being empty: go on while batches make progress.
            if (batch.published === 0 || Date.now() - started > budgetMs) break;
          }
          const before = new Date(clock.now().getTime() - options.retentionHours * 3_600_000);
          const streamBefore = new Date(
            clock.now().getTime() - options.streamRetentionHours * 3_600_000,
          );
          const keysBefore = new Date(clock.now().getTime() - 25 * 3_600_000);
          total.pruned =
            (await prunePublished(db, before, 1000)) +
            (await pruneProcessed(db, before, 1000)) +
            (await pruneStream(db, streamBefore, 1000)) +
            (await pruneKeys(db, keysBefore, 1000)) +
            (await pruneConversations(db, clock.now(), 1000));
          return total;
        })(),
        'sweep',
      );
    },
    async settled() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
