import { checkPassword, hashPassword } from '../auth/password.js';
import { clearAttempts, countAttempt, type Limit } from '../auth/throttle.js';
import { listLiveFamilies, revokeOtherFamilies, revokeUserFamily } from '../db/refresh-tokens.js';
import { findUserById, updatePasswordHash } from '../db/users.js';
import type { Deps } from '../deps.js';
import { badRequest, notFound } from '../errors.js';
import type { AccountSessionView, PasswordChange } from '../schemas/user.js';

// A user's sessions are their sign-ins: each is a family of refresh tokens (accounts.ts), and the
// access tokens issued with them name it (`sid`), so that `current` is the one asking. A token that
// names none (issued before sessions were listed, for 15 minutes at most) has no current session.

export async function listSessions(
  deps: Deps,
  userId: string,
  current: string | null,
): Promise<AccountSessionView[]> {
  const rows = await listLiveFamilies(deps.db, userId, deps.clock.now());
  return rows.map((r) => ({
    id: r.id,
    created_at: r.created_at.toISOString(),
    last_used_at: r.last_used_at.toISOString(),
    expires_at: r.expires_at.toISOString(),
    user_agent: r.user_agent,
    ip: r.ip,
    current: r.id === current,
  }));
}

/** Signs one of the user's sessions out: its refresh token stops working. Another user's, or one over already: 404. */
export async function endSessionOf(deps: Deps, userId: string, sessionId: string): Promise<void> {
  if (!(await revokeUserFamily(deps.db, userId, sessionId, deps.clock.now())))
    throw notFound('No such session');
}

/** Signs out every session of the user's but the asking one (all of them when the token names none). */
export async function endOtherSessions(
  deps: Deps,
  userId: string,
  current: string | null,
): Promise<void> {
  await revokeOtherFamilies(deps.db, userId, current, deps.clock.now());
}

/**
 * A new password, given the current one. Wrong guesses are throttled as sign-in's are for one
 * email from one address (a stolen access token must not become a way to guess the password): free
 * at first, then growing delays (429 with `Retry-After`); the right one forgets them. The new hash
 * and the end of every other session commit together.
 */
export async function changePassword(
  deps: Deps,
  userId: string,
  current: string | null,
  input: PasswordChange,
): Promise<void> {
  const c = deps.config;
  const limit: Limit = {
    key: `password:${userId}`,
    max: Number.MAX_SAFE_INTEGER,
    windowSeconds: c.SIGNIN_DELAY_WINDOW_SECONDS,
    delay: {
      free: c.SIGNIN_FREE_FAILURES,
      baseSeconds: c.SIGNIN_DELAY_SECONDS,
      maxSeconds: c.SIGNIN_MAX_DELAY_SECONDS,
    },
  };
  await countAttempt(deps.db, [limit], deps.clock.now(), 'Too many wrong passwords');
  const user = await findUserById(deps.db, userId);
  if (!user) throw notFound('User not found');
  if (!(await checkPassword(user.password_hash, input.current_password))) {
    throw badRequest('The current password is wrong', [
      { path: 'current_password', message: 'is not your current password' },
    ]);
  }
  await clearAttempts(deps.db, limit.key);
  if (input.new_password === input.current_password) {
    throw badRequest('The new password is the current one', [
      { path: 'new_password', message: 'must differ from the current password' },
    ]);
  }
  const hash = await hashPassword(input.new_password);
  await deps.db.transaction().execute(async (tx) => {
    await updatePasswordHash(tx, userId, hash);
    await revokeOtherFamilies(tx, userId, current, deps.clock.now());
  });
}
