import { sql, type Kysely } from 'kysely';

// Frozen once landed, and forward-only. Dead letters: events the eventing system gave up delivering
// (in the cluster, every KafkaSource and PingSource names the dead-letters function as its
// dead-letter sink), kept so that an operator can see and replay them instead of losing them.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('dead_letters')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('event_id', 'text')
    .addColumn('event_type', 'text')
    .addColumn('source', 'text')
    // Knative's knativeerrorcode / knativeerrordest / knativeerrordata extensions: why and where it failed.
    .addColumn('error_code', 'text')
    .addColumn('error_dest', 'text')
    .addColumn('error_data', 'text')
    .addColumn('headers', 'jsonb', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .execute();
  // The sink's own delivery is retried too: one row per event and failed destination.
  await sql`create unique index dead_letters_event on dead_letters (event_id, coalesce(error_dest, '')) where event_id is not null`.execute(
    db,
  );
  await sql`create index dead_letters_received on dead_letters (received_at desc)`.execute(db);
}
