import { createHash, randomBytes } from 'node:crypto';
import { checkPassword, hashPassword } from '../auth/password.js';
import { clearAttempts, countAttempt, uncountAttempt, type Limit } from '../auth/throttle.js';
import type { UserRow } from '../db/database.js';
import { ensureTags } from '../db/tags.js';
import {
  findRefreshToken,
  insertRefreshToken,
  pruneExpiredRefreshTokens,
  revokeFamily,
  useRefreshToken,
} from '../db/refresh-tokens.js';
import { findUserByEmail, findUserById, insertUser, updateUser } from '../db/users.js';
import type { Deps } from '../deps.js';
import { conflict, notFound, Problem, unauthorized } from '../errors.js';
import type { MePatch, SessionView, SignupInput, UserView } from '../schemas/user.js';

/** Where a session is used from, kept with each of its refresh tokens (Settings lists sessions by it). */
export interface Client {
  ip: string;
  userAgent: string | undefined;
}

/** The tags a new account may start with (`starter_tags` at sign-up). */
export const STARTER_TAGS = ['Work', 'Personal', 'Shopping', 'Health', 'Finance'];

export function toUserView(row: UserRow): UserView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    timezone: row.timezone,
    created_at: row.created_at.toISOString(),
  };
}

/** An attempt refused by the limits (429) is counted in the metrics. */
async function counted(
  deps: Deps,
  endpoint: 'signin' | 'signup',
  attempt: Promise<void>,
): Promise<void> {
  await attempt.catch((err: unknown) => {
    if (err instanceof Problem && err.status === 429) deps.metrics.throttled(endpoint);
    throw err;
  });
}

/**
 * Creates an account. Sign-ups are counted per client address, and attempts per email from any
 * address (a distributed burst at one address costs a password hash each): past either limit, 429.
 */
export async function signUp(deps: Deps, input: SignupInput, client: Client): Promise<SessionView> {
  const { ip } = client;
  const windowSeconds = deps.config.SIGNUP_WINDOW_SECONDS;
  const limits: Limit[] = [
    { key: `signup-ip:${ip}`, max: deps.config.SIGNUP_MAX_PER_IP, windowSeconds },
    { key: `signup-email:${input.email}`, max: deps.config.SIGNUP_MAX_PER_EMAIL, windowSeconds },
  ];
  // Counted before the work, so that a burst cannot slip past the limit while it is being checked.
  await counted(
    deps,
    'signup',
    countAttempt(deps.db, limits, deps.clock.now(), 'Too many sign-ups'),
  );
  const passwordHash = await hashPassword(input.password);
  const row = await deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const user = await insertUser(tx, {
      id: deps.ids.next(),
      email: input.email,
      name: input.name ?? null,
      timezone: input.timezone ?? 'UTC',
      password_hash: passwordHash,
      created_at: now,
    });
    // The seeds' set, with the account or not at all.
    if (user && input.starter_tags) await ensureTags(tx, user.id, STARTER_TAGS, deps.ids.next, now);
    return user;
  });
  if (!row) throw conflict('An account with this email already exists');
  return startSession(deps, row, client);
}

/**
 * Wrong password and unknown email get the same answer after the same work, so the answer does not
 * tell whether an account exists. Each attempt is counted before the password is checked (and taken
 * back when it was right), so that attempts sent at once cannot outrun the limits: per email and
 * client address with growing delays (a guesser slows down; the owner elsewhere does not notice), per
 * email from all addresses (a much higher ceiling, against guessing from many), and per address over
 * all emails (against trying many accounts). Past any, 429 with the wait in `Retry-After`.
 */
export async function signIn(
  deps: Deps,
  email: string,
  password: string,
  client: Client,
): Promise<SessionView> {
  const c = deps.config;
  const { ip } = client;
  const pair: Limit = {
    key: `email-ip:${ip} ${email}`,
    max: Number.MAX_SAFE_INTEGER,
    windowSeconds: c.SIGNIN_DELAY_WINDOW_SECONDS,
    delay: {
      free: c.SIGNIN_FREE_FAILURES,
      baseSeconds: c.SIGNIN_DELAY_SECONDS,
      maxSeconds: c.SIGNIN_MAX_DELAY_SECONDS,
    },
  };
  const perEmail: Limit = {
    key: `email:${email}`,
    max: c.SIGNIN_MAX_FAILURES,
    windowSeconds: c.SIGNIN_WINDOW_SECONDS,
  };
  const perIp: Limit = {
    key: `ip:${ip}`,
    max: c.SIGNIN_MAX_FAILURES_PER_IP,
    windowSeconds: c.SIGNIN_WINDOW_SECONDS,
  };
  await counted(
    deps,
    'signin',
    countAttempt(
      deps.db,
      [pair, perEmail, perIp],
      deps.clock.now(),
      'Too many failed sign-in attempts',
    ),
  );
  const row = await findUserByEmail(deps.db, email);
  if (!(await checkPassword(row?.password_hash, password)) || !row)
    throw unauthorized('Wrong email or password');
  // A right password: this address's delays for the account end; it was no failure for the others.
  await clearAttempts(deps.db, pair.key);
  await uncountAttempt(deps.db, perEmail.key);
  await uncountAttempt(deps.db, perIp.key);
  return startSession(deps, row, client);
}

/**
 * A refresh token still works this long after its first exchange: two tabs renewing at once, or a
 * page reloaded while its exchange was on the way (the new pair never stored), must not end the
 * session. After that, presenting it again means it was copied, and revokes its family.
 */
const REUSE_GRACE_MS = 60_000;

export const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest();

/** The access token and the first refresh token of a new sign-in (a family of its own). */
async function startSession(deps: Deps, user: UserRow, client: Client): Promise<SessionView> {
  return issuePair(deps, user, deps.ids.next(), client);
}

/** The access token names its family (`sid`), so that the session list can tell which one is asking. */
async function issuePair(
  deps: Deps,
  user: UserRow,
  familyId: string,
  client: Client,
): Promise<SessionView> {
  const now = deps.clock.now();
  const refreshToken = randomBytes(32).toString('base64url');
  await pruneExpiredRefreshTokens(deps.db, user.id, now);
  await insertRefreshToken(deps.db, {
    id: deps.ids.next(),
    user_id: user.id,
    family_id: familyId,
    token_hash: hashOf(refreshToken),
    created_at: now,
    expires_at: new Date(now.getTime() + deps.config.REFRESH_TTL_SECONDS * 1000),
    user_agent: client.userAgent?.slice(0, 256) ?? null,
    ip: client.ip,
  });
  return {
    token: await deps.tokens.issue(user.id, familyId),
    expires_in: deps.config.JWT_TTL_SECONDS,
    refresh_token: refreshToken,
    user: toUserView(user),
  };
}

/**
 * Exchanges a live refresh token for a new pair of the same family; the token is used up (after
 * REUSE_GRACE_MS). An unknown, expired or revoked token answers 401; so does a used one, and it
 * revokes its whole family: it was copied, and whoever holds the newer tokens is cut off as well,
 * until they sign in again.
 */
export async function refreshSession(
  deps: Deps,
  refreshToken: string,
  client: Client,
): Promise<SessionView> {
  const now = deps.clock.now();
  const hash = hashOf(refreshToken);
  const used = await useRefreshToken(deps.db, hash, now, new Date(now.getTime() - REUSE_GRACE_MS));
  if (!used) {
    const found = await findRefreshToken(deps.db, hash);
    if (found?.used_at && !found.revoked_at) {
      await revokeFamily(deps.db, found.family_id, now);
      deps.logger.warn(
        { userId: found.user_id, family: found.family_id },
        'a used refresh token was presented again: its session is revoked',
      );
    }
    throw unauthorized('The session has ended: sign in again');
  }
  const user = await findUserById(deps.db, used.user_id);
  if (!user) throw unauthorized('The session has ended: sign in again');
  return issuePair(deps, user, used.family_id, client);
}

/** Signs the session out everywhere its tokens went: the refresh token's family is revoked. Unknown tokens are ignored. */
export async function endSession(deps: Deps, refreshToken: string): Promise<void> {
  const found = await findRefreshToken(deps.db, hashOf(refreshToken));
  if (found) await revokeFamily(deps.db, found.family_id, deps.clock.now());
}

export async function getMe(deps: Deps, userId: string): Promise<UserView> {
  const row = await findUserById(deps.db, userId);
  if (!row) throw notFound('User not found');
  return toUserView(row);
}

export async function patchMe(deps: Deps, userId: string, patch: MePatch): Promise<UserView> {
  const row = await updateUser(deps.db, userId, patch);
  if (!row) throw notFound('User not found');
  return toUserView(row);
}
