import { sql } from 'kysely';
import type { Executor, Tx } from './database.js';
import { sentWithNext } from './postgres-js-dialect.js';

export interface OutboxEntry {
  eventId: string;
  topic: string;
  partitionKey: string;
  eventType: string;
  /** The CloudEvent in structured JSON form. */
  event: Record<string, unknown>;
  createdAt: Date;
}

/**
 * Call inside the transaction that makes the change, so the change and its events commit together.
 * Sent with what follows (sentWithNext): most often the COMMIT, in the same round trip.
 */
export async function appendToOutbox(db: Executor, ...entries: OutboxEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const insert = db.insertInto('outbox').values(
    entries.map((entry) => ({
      event_id: entry.eventId,
      topic: entry.topic,
      partition_key: entry.partitionKey,
      event_type: entry.eventType,
      event: entry.event,
      created_at: entry.createdAt,
    })),
  );
  await db.executeQuery(sentWithNext(insert.compile()));
}

export interface PendingEvent {
  id: string;
  event_id: string;
  topic: string;
  partition_key: string;
  event: Record<string, unknown>;
}

/**
 * Locks up to `limit` unpublished rows, oldest first, skipping rows another publisher holds, and
 * returns those that may go out now: a row whose topic and partition key have an older unpublished
 * row not in this batch waits, so one task's events are never published out of order, even by two
 * publishers at once. Call in a transaction that marks what it published before it commits.
 */
export async function claimPending(
  tx: Tx,
  options: { topics: readonly string[]; eventIds?: readonly string[] | undefined; limit: number },
): Promise<PendingEvent[]> {
  if (options.topics.length === 0 || options.eventIds?.length === 0) return [];
  const onlyThese = options.eventIds
    ? sql`and event_id = any(${sql.val(options.eventIds)}::uuid[])`
    : sql``;
  const { rows } = await sql<PendingEvent>`
    with claimed as (
      select id, topic, partition_key from outbox
      where published_at is null and topic = any(${sql.val(options.topics)}::text[]) ${onlyThese}
      order by id
      limit ${options.limit}
      for update skip locked
    )
    select o.id, o.event_id, o.topic, o.partition_key, o.event
    from outbox o join claimed c on c.id = o.id
    where not exists (
      select 1 from outbox older
      where older.published_at is null and older.topic = c.topic and older.partition_key = c.partition_key
        and older.id < c.id and older.id not in (select id from claimed)
    )
    order by o.id`.execute(tx);
  return rows;
}

/** How many rows wait to be published (for the metrics). */
export async function countUnpublished(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('published_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Seconds since the oldest unpublished row was written, or 0 when none waits (for the metrics). */
export async function oldestUnpublishedAge(db: Executor, now: Date): Promise<number> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.min('created_at').as('oldest'))
    .where('published_at', 'is', null)
    .executeTakeFirst();
  return row?.oldest ? Math.max(0, (now.getTime() - new Date(row.oldest).getTime()) / 1000) : 0;
}

export async function markPublished(tx: Tx, ids: readonly string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  // Sent with the COMMIT that follows it.
  await tx.executeQuery(
    sentWithNext(
      tx.updateTable('outbox').set({ published_at: at }).where('id', 'in', ids).compile(),
    ),
  );
}

/** Deletes up to `limit` rows published before `before`; returns how many. */
export async function prunePublished(db: Executor, before: Date, limit: number): Promise<number> {
  const { numAffectedRows } = await sql`
    delete from outbox where id in (
      select id from outbox where published_at is not null and published_at < ${before} order by published_at limit ${limit}
    )`.execute(db);
  return Number(numAffectedRows ?? 0);
}
