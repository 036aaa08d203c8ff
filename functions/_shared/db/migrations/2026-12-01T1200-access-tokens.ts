import { sql, type Kysely } from 'kysely';

// Frozen once landed, and forward-only. Personal access tokens: a user's long-lived credentials for
// agents and scripts (`Authorization: Bearer rpl_…` on /api and /mcp). Only the SHA-256 of each
// secret is stored (the secret is shown once); revoking deletes the row. `last_used_at` is written at
// most once a minute per token.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('access_tokens')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('read', 'read+write')`))
    .addColumn('token_hash', 'bytea', (c) => c.notNull().unique())
    // The secret's first characters, to tell tokens apart in a list (not enough to guess the rest).
    .addColumn('hint', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz')
    .addColumn('last_used_at', 'timestamptz')
    .execute();
  await sql`create index access_tokens_user on access_tokens (user_id, created_at)`.execute(db);
}
