import type { Executor, RefreshTokensTable } from './database.js';
import type { Insertable, Selectable } from 'kysely';

export type RefreshTokenRow = Selectable<RefreshTokensTable>;

export async function insertRefreshToken(db: Executor, row: Insertable<RefreshTokensTable>): Promise<void> {
  await db.insertInto('refresh_tokens').values(row).execute();
}

/**
 * Uses the token up, if it is live (not used, revoked or expired): one statement, so that of two
 * exchanges of the same token at once exactly one succeeds.
 */
export async function useRefreshToken(db: Executor, tokenHash: Buffer, now: Date): Promise<RefreshTokenRow | undefined> {
  return db
    .updateTable('refresh_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
}

export async function findRefreshToken(db: Executor, tokenHash: Buffer): Promise<RefreshTokenRow | undefined> {
  return db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Revokes every token of the family (one sign-in's chain). */
export async function revokeFamily(db: Executor, familyId: string, now: Date): Promise<void> {
  await db.updateTable('refresh_tokens').set({ revoked_at: now }).where('family_id', '=', familyId).where('revoked_at', 'is', null).execute();
}

/** Drops the user's tokens that expired before `before`: they can never be used again. */
export async function pruneExpiredRefreshTokens(db: Executor, userId: string, before: Date): Promise<void> {
  await db.deleteFrom('refresh_tokens').where('user_id', '=', userId).where('expires_at', '<', before).execute();
}
