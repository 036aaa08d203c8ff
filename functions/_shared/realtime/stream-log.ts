import { sql } from 'kysely';
import * as z from 'zod';
import type { Deps } from '../deps.js';
import type { Executor, Tx } from '../db/database.js';
import { NOTIFICATION_CREATED_TYPE, TASK_EVENT_TYPES, taskEventName } from '../events/catalog.js';
import { UnprocessableEvent, type ConsumedEvent, type Consumer } from '../events/consumer.js';
import { Notification } from '../schemas/notification.js';
import { Task } from '../schemas/task.js';

/** The channel every realtime replica listens on (ripple_stream_append sends on it); the payload is the user whose stream grew. */
export const STREAM_CHANNEL = 'ripple_stream';

export interface StreamEntry {
  seq: string;
  kind: 'task' | 'notification';
  data: Record<string, unknown>;
}

/**
 * The stream-writer consumer: each task change and notification becomes the next entry of its user's
 * stream, and a NOTIFY (sent by PostgreSQL at commit) tells every realtime replica to push it. One
 * user's entries are written one at a time (an advisory lock per user), so their numbers are in
 * commit order and a tab that has seen entry n has seen every entry before it.
 */
export const streamConsumer: Consumer<Record<string, unknown>> = {
  types: [...TASK_EVENT_TYPES, NOTIFICATION_CREATED_TYPE],
  data: z.record(z.string(), z.unknown()),
  async handle(event: ConsumedEvent<Record<string, unknown>>, tx: Tx, deps: Deps) {
    const entry = toEntry(event);
    // Lock the user's stream, append, NOTIFY (STREAM_CHANNEL): see the migration's ripple_stream_append.
    await sql`select ripple_stream_append(${event.userId}, ${event.id}, ${entry.kind}, ${entry.data}, ${deps.clock.now()})`.execute(tx);
  },
};

function toEntry(event: ConsumedEvent<Record<string, unknown>>): Pick<StreamEntry, 'kind' | 'data'> {
  const name = taskEventName(event.type);
  if (name) {
    const task = Task.safeParse(event.data);
    if (!task.success) throw new UnprocessableEvent(`its data is not a task: ${task.error.message}`);
    return { kind: 'task', data: { type: name, task: event.data } };
  }
  const notification = Notification.safeParse(event.data);
  if (!notification.success) throw new UnprocessableEvent(`its data is not a notification: ${notification.error.message}`);
  return { kind: 'notification', data: { type: 'created', notification: event.data } };
}

/** The user's entries after `afterSeq`, oldest first. */
export async function streamAfter(db: Executor, userId: string, afterSeq: string, limit: number): Promise<StreamEntry[]> {
  return db
    .selectFrom('user_stream')
    .select(['seq', 'kind', 'data'])
    .where('user_id', '=', userId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

/** The number of the user's newest entry ("0" when none): where a tab that asks for no replay starts. */
export async function streamHead(db: Executor, userId: string): Promise<string> {
  const row = await db.selectFrom('user_stream').select((eb) => eb.fn.max('seq').as('seq')).where('user_id', '=', userId).executeTakeFirst();
  return row?.seq ?? '0';
}

/** Deletes up to `limit` entries older than `before`; returns how many. */
export async function pruneStream(db: Executor, before: Date, limit: number): Promise<number> {
  const { numAffectedRows } = await sql`
    delete from user_stream where seq in (select seq from user_stream where created_at < ${before} order by created_at limit ${limit})`.execute(db);
  return Number(numAffectedRows ?? 0);
}
