import type { Executor } from './database.js';

export interface OutboxEntry {
  eventId: string;
  topic: string;
  partitionKey: string;
  eventType: string;
  /** The CloudEvent in structured JSON form. */
  event: Record<string, unknown>;
  createdAt: Date;
}

/** Call inside the transaction that makes the change, so the change and its events commit together. */
export async function appendToOutbox(db: Executor, ...entries: OutboxEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('outbox')
    .values(
      entries.map((entry) => ({
        event_id: entry.eventId,
        topic: entry.topic,
        partition_key: entry.partitionKey,
        event_type: entry.eventType,
        event: entry.event,
        created_at: entry.createdAt,
      })),
    )
    .execute();
}
