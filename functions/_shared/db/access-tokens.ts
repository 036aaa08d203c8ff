import type { Insertable, Selectable } from 'kysely';
import type { AccessTokensTable, Executor } from './database.js';

export type AccessTokenRow = Selectable<AccessTokensTable>;
const LISTED = ['id', 'name', 'scope', 'hint', 'created_at', 'expires_at', 'last_used_at'] as const;
export type ListedAccessToken = Pick<AccessTokenRow, (typeof LISTED)[number]>;

export async function insertAccessToken(
  db: Executor,
  row: Insertable<AccessTokensTable>,
): Promise<ListedAccessToken> {
  return db.insertInto('access_tokens').values(row).returning(LISTED).executeTakeFirstOrThrow();
}

/** The user's tokens, newest first (expired ones too, until revoked). */
export async function listAccessTokens(db: Executor, userId: string): Promise<ListedAccessToken[]> {
  return db
    .selectFrom('access_tokens')
    .select(LISTED)
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function countAccessTokens(db: Executor, userId: string): Promise<number> {
  const row = await db
    .selectFrom('access_tokens')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Revokes (deletes) one of the user's tokens; false when they have none by that id. */
export async function deleteAccessToken(
  db: Executor,
  userId: string,
  id: string,
): Promise<boolean> {
  const res = await db
    .deleteFrom('access_tokens')
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
  return res.numDeletedRows > 0n;
}

/** The token a secret's hash names, by the unique index; undefined for one revoked or never issued. */
export async function findAccessToken(db: Executor, tokenHash: Buffer) {
  return db
    .selectFrom('access_tokens')
    .select(['id', 'user_id', 'scope', 'expires_at', 'last_used_at'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Records a use, unless one was recorded since `unlessSince`: a token in steady use costs one write a minute, not one a request. */
export async function touchAccessToken(
  db: Executor,
  id: string,
  now: Date,
  unlessSince: Date,
): Promise<void> {
  await db
    .updateTable('access_tokens')
    .set({ last_used_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', unlessSince)]))
    .execute();
}
