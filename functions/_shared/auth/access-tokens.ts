import { createHash, randomBytes } from 'node:crypto';
import {
  countAccessTokens,
  deleteAccessToken,
  findAccessToken,
  insertAccessToken,
  listAccessTokens,
  touchAccessToken,
  type ListedAccessToken,
} from '../db/access-tokens.js';
import type { Deps } from '../deps.js';
import { badRequest, conflict, notFound, unauthorized } from '../errors.js';
import type { AccessTokenCreate, AccessTokenView } from '../schemas/access-token.js';

/** What a credential may do: read, or read and change. A signed-in session may do both. */
export type AccessScope = 'read' | 'read+write';

/** The words a read-only token gets for any change, through the API (403) or as a tool error. */
export const READ_ONLY_DETAIL = 'This token may only read: it cannot change anything';

/** Personal access tokens are `rpl_` and 32 random bytes (base64url): easy to spot in a leak scan, and unguessable. */
export const ACCESS_TOKEN = /^rpl_[A-Za-z0-9_-]{43}$/;
const MAX_TOKENS = 100;
const HINT_LENGTH = 8;
const TOUCH_EVERY_MS = 60_000;

/**
 * SHA-256, not a password hash: the secret is 256 random bits, so no dictionary or brute force can
 * reach it from its hash, and an unsalted fast hash is what lets the token be found by a unique index
 * in one lookup per request (a salted slow hash would need the row first, and cost ~50 ms a request).
 */
const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest();

const viewOf = (row: ListedAccessToken): AccessTokenView => ({
  id: row.id,
  name: row.name,
  scope: row.scope,
  hint: row.hint,
  created_at: row.created_at.toISOString(),
  expires_at: row.expires_at?.toISOString() ?? null,
  last_used_at: row.last_used_at?.toISOString() ?? null,
});

/** A new token; its secret is in the answer this once and never again. */
export async function createAccessToken(
  deps: Deps,
  userId: string,
  input: AccessTokenCreate,
): Promise<AccessTokenView & { token: string }> {
  const now = deps.clock.now();
  if (input.expires_at && input.expires_at <= now)
    throw badRequest('Invalid body', [{ path: 'expires_at', message: 'must be in the future' }]);
  if ((await countAccessTokens(deps.db, userId)) >= MAX_TOKENS)
    throw conflict(`You have ${MAX_TOKENS} access tokens: revoke one first`);
  const token = `rpl_${randomBytes(32).toString('base64url')}`;
  const row = await insertAccessToken(deps.db, {
    id: deps.ids.next(),
    user_id: userId,
    name: input.name,
    scope: input.scope,
    token_hash: hashOf(token),
    hint: token.slice(0, HINT_LENGTH),
    created_at: now,
    expires_at: input.expires_at ?? null,
  });
  return { ...viewOf(row), token };
}

export async function listAccessTokenViews(deps: Deps, userId: string): Promise<AccessTokenView[]> {
  return (await listAccessTokens(deps.db, userId)).map(viewOf);
}

/** Revokes a token: it answers 401 from the next request on, on every replica (nothing is cached). */
export async function revokeAccessToken(deps: Deps, userId: string, id: string): Promise<void> {
  if (!(await deleteAccessToken(deps.db, userId, id))) throw notFound('Access token not found');
}

/**
 * The user and scope of a personal access token; 401 (with `WWW-Authenticate: Bearer`) for one that
 * was revoked, never issued, or has expired. Its use is recorded at most once a minute.
 */
export async function authenticateAccessToken(
  deps: Pick<Deps, 'db' | 'clock'>,
  token: string,
): Promise<{ userId: string; scope: AccessScope }> {
  const row = await findAccessToken(deps.db, hashOf(token));
  if (!row) throw unauthorized('This access token is not valid: it was revoked or never issued');
  const now = deps.clock.now();
  if (row.expires_at && row.expires_at <= now) throw unauthorized('This access token has expired');
  const since = new Date(now.getTime() - TOUCH_EVERY_MS);
  if (!row.last_used_at || row.last_used_at < since)
    await touchAccessToken(deps.db, row.id, now, since);
  return { userId: row.user_id, scope: row.scope };
}
