import type { Kysely } from 'kysely';

// Frozen once landed, and forward-only. A user's calendar feed: one secret URL per user, stored as the
// SHA-256 of its token (the token itself is shown once); regenerating replaces it, revoking deletes it.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('calendar_feeds')
    .addColumn('user_id', 'uuid', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'bytea', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
}
