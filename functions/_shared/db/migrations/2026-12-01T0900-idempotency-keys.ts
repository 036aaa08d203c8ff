import { sql, type Kysely } from 'kysely';

// Frozen once landed, and forward-only. Idempotency keys: a change made with an `Idempotency-Key` stores
// its answer in the change's own transaction, so a retry with the same key gets that answer instead of
// making the change again. Kept 24 hours.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    // SHA-256 of the method, the path and the body: the same key with another request is refused.
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('status', 'smallint')
    .addColumn('headers', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pkey', ['user_id', 'key'])
    .execute();
  await sql`create index idempotency_keys_created on idempotency_keys (created_at)`.execute(db);
}
