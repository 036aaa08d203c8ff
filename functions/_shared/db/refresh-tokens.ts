import { sql, type Insertable, type Selectable } from 'kysely';
import type { Executor, RefreshTokensTable } from './database.js';

export type RefreshTokenRow = Selectable<RefreshTokensTable>;

export async function insertRefreshToken(
  db: Executor,
  row: Insertable<RefreshTokensTable>,
): Promise<void> {
  await db.insertInto('refresh_tokens').values(row).execute();
}

/**
 * Uses the token up, if it is live: not revoked or expired, and not used, or first used after
 * `usableUntilUsedBefore` (a short leeway after its first exchange). Its first use is kept.
 */
export async function useRefreshToken(
  db: Executor,
  tokenHash: Buffer,
  now: Date,
  usableUntilUsedBefore: Date,
): Promise<RefreshTokenRow | undefined> {
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

export async function findRefreshToken(
  db: Executor,
  tokenHash: Buffer,
): Promise<RefreshTokenRow | undefined> {
  return db
    .selectFrom('refresh_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Revokes every token of the family (one sign-in's chain). */
export async function revokeFamily(db: Executor, familyId: string, now: Date): Promise<void> {
  await db
    .updateTable('refresh_tokens')
    .set({ revoked_at: now })
    .where('family_id', '=', familyId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Drops the user's tokens that expired before `before`: they can never be used again. */
export async function pruneExpiredRefreshTokens(
  db: Executor,
  userId: string,
  before: Date,
): Promise<void> {
  await db
    .deleteFrom('refresh_tokens')
    .where('user_id', '=', userId)
    .where('expires_at', '<', before)
    .execute();
}

/** One live sign-in of a user: its refresh token family, seen through its tokens. */
export interface SessionRow {
  id: string;
  created_at: Date;
  last_used_at: Date;
  expires_at: Date;
  user_agent: string | null;
  ip: string | null;
}

/**
 * The user's sign-ins that can still be renewed (a family none of whose tokens is revoked, with one
 * not expired), most recently used first: when it began, its last exchange, and the newest token's
 * user agent and address.
 */
export async function listLiveFamilies(
  db: Executor,
  userId: string,
  now: Date,
): Promise<SessionRow[]> {
  return db
    .selectFrom('refresh_tokens')
    .where('user_id', '=', userId)
    .groupBy('family_id')
    .having((eb) =>
      eb.and([eb(eb.fn.count('revoked_at'), '=', 0), eb(eb.fn.max('expires_at'), '>', now)]),
    )
    .select((eb) => [
      'family_id as id',
      eb.fn.min('created_at').as('created_at'),
      sql<Date>`greatest(max(created_at), max(used_at))`.as('last_used_at'),
      eb.fn.max('expires_at').as('expires_at'),
      sql<string | null>`(array_agg(user_agent order by created_at desc))[1]`.as('user_agent'),
      sql<string | null>`(array_agg(ip order by created_at desc))[1]`.as('ip'),
    ])
    .orderBy(sql`greatest(max(created_at), max(used_at))`, 'desc')
    .execute();
}

/** Revokes one family of the user's; whether it had a token to revoke (false: not theirs, or over already). */
export async function revokeUserFamily(
  db: Executor,
  userId: string,
  familyId: string,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('refresh_tokens')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('family_id', '=', familyId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Revokes every family of the user's but `keep` (null: every one). */
export async function revokeOtherFamilies(
  db: Executor,
  userId: string,
  keep: string | null,
  now: Date,
): Promise<void> {
  let query = db
    .updateTable('refresh_tokens')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (keep) query = query.where('family_id', '<>', keep);
  await query.execute();
}
