import { sql, type Kysely } from 'kysely';

// Frozen once landed, and forward-only. The event spine: publishing the outbox in order per task,
// consumers that have each event's effect once, and the audit log.

export async function up(db: Kysely<any>): Promise<void> {
  // A publisher keeps one task's events in order: before publishing a row it looks for an older
  // unpublished row of the same topic and partition key.
  await sql`create index outbox_pending_partition on outbox (topic, partition_key, id) where published_at is null`.execute(
    db,
  );
  // Published rows are pruned after a retention, oldest first.
  await sql`create index outbox_published on outbox (published_at) where published_at is not null`.execute(
    db,
  );

  // (consumer, event id) recorded in the same transaction as the consumer's effect: a redelivered
  // event finds its row and has no second effect.
  await db.schema
    .createTable('processed_events')
    .addColumn('consumer', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('processed_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('processed_events_pk', ['consumer', 'event_id'])
    .execute();
  await db.schema
    .createIndex('processed_events_at')
    .on('processed_events')
    .column('processed_at')
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('event_id', 'text', (c) => c.notNull().unique())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('task_id', 'uuid', (c) => c.notNull())
    .addColumn('task', 'jsonb', (c) => c.notNull())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint(
      'audit_log_event_type',
      sql`event_type in ('created', 'updated', 'completed', 'reopened', 'deleted', 'restored')`,
    )
    .execute();
  await sql`create index audit_log_user_time on audit_log (user_id, occurred_at desc, id desc)`.execute(
    db,
  );
  await sql`create index audit_log_user_task_time on audit_log (user_id, task_id, occurred_at desc, id desc)`.execute(
    db,
  );
}
