import { sql, type Kysely } from 'kysely';

// Frozen once landed, and forward-only. The chat assistant's conversations in embedded mode (the
// cluster keeps them in a Dapr state store instead): one row each, its messages as JSON, `version` the
// etag a write must name. A conversation lives CHAT_TTL_HOURS after its last write: reads skip expired
// rows and the outbox relay's sweep deletes them.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('chat_conversations')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('messages', 'jsonb', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create index chat_conversations_user on chat_conversations (user_id)`.execute(db);
  await sql`create index chat_conversations_expires on chat_conversations (expires_at)`.execute(db);
}
