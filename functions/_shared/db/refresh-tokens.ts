import type { Executor, RefreshTokensTable } from './database.js';
import type { Insertable, Selectable } from 'kysely';

export type RefreshTokenRow = Selectable<RefreshTokensTable>;

export async function insertRefreshToken(db: Executor, row: Insertable<RefreshTokensTable>): Promise<void> {
  await db.insertInto('refresh_tokens').values(row).execute();
}

/**
 * Uses the token up, if it is live: not revoked or expired, and not used, or first used after
 * `usableUntilUsedBefore` (a short leeway after its first exchange). Its first use is kept.
 */
export async function useRefreshToken(db: Executor, tokenHash: Buffer, now: Date, usableUntilUsedBefore: Date): Promise<RefreshTokenRow | undefined> {
  return db
    .updateTable('refresh_tokens')
    .set((eb) => ({ used_at: eb.fn.coalesce('used_at', eb.val(now)) }))
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .where((eb) => eb.or([eb('used_at', 'is', null), eb('used_at', '>', usableUntilUsedBefore)]))
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
