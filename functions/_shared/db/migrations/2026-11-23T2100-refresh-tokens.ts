import { sql, type Kysely } from 'kysely';

// Frozen once landed, and forward-only. Refresh tokens: access tokens live minutes; a session goes on
// by exchanging its refresh token for a new pair. Only a hash of each token is stored. Each exchange
// uses a token up and issues the next of its family; a used token presented again means it was
// copied, and the whole family is revoked.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('refresh_tokens')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // One sign-in's chain of tokens.
    .addColumn('family_id', 'uuid', (c) => c.notNull())
    .addColumn('token_hash', 'bytea', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  await sql`create index refresh_tokens_family on refresh_tokens (family_id)`.execute(db);
  await sql`create index refresh_tokens_user_expiry on refresh_tokens (user_id, expires_at)`.execute(
    db,
  );
}
