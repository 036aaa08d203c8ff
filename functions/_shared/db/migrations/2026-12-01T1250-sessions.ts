import type { Kysely } from 'kysely';

// Frozen once landed, and forward-only. Sessions in Settings: each refresh token keeps the user agent
// and client address it was issued to, so that a sign-in's newest token tells where it was last used.
// Both may be null (tokens from before this, a client that sends no User-Agent).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('refresh_tokens')
    .addColumn('user_agent', 'text')
    .addColumn('ip', 'text')
    .execute();
}
