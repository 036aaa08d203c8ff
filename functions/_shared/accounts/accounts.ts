import { checkPassword, hashPassword } from '../auth/password.js';
import { assertNotThrottled, clearFailures, recordFailure } from '../auth/throttle.js';
import type { UserRow } from '../db/database.js';
import { findUserByEmail, findUserById, insertUser, updateUser } from '../db/users.js';
import type { Deps } from '../deps.js';
import { conflict, notFound, unauthorized } from '../errors.js';
import type { MePatch, SignupInput, UserView } from '../schemas/user.js';

export interface SessionView {
  token: string;
  user: UserView;
}

export function toUserView(row: UserRow): UserView {
  return { id: row.id, email: row.email, name: row.name, timezone: row.timezone, created_at: row.created_at.toISOString() };
}

/** Creates an account. Sign-ups are counted per client address: past the limit the answer is 429. */
export async function signUp(deps: Deps, input: SignupInput, ip: string): Promise<SessionView> {
  const policy = { maxFailures: deps.config.SIGNUP_MAX_PER_IP, windowSeconds: deps.config.SIGNUP_WINDOW_SECONDS };
  const key = `signup-ip:${ip}`;
  await assertNotThrottled(deps.db, key, policy, deps.clock.now());
  // Counted before the work, so that a burst cannot slip past the limit while it is being checked.
  await recordFailure(deps.db, key, policy, deps.clock.now());
  const row = await insertUser(deps.db, {
    id: deps.ids.next(),
    email: input.email,
    name: input.name ?? null,
    timezone: input.timezone ?? 'UTC',
    password_hash: await hashPassword(input.password),
    created_at: deps.clock.now(),
  });
  if (!row) throw conflict('An account with this email already exists');
  return { token: await deps.tokens.issue(row.id), user: toUserView(row) };
}

/**
 * Wrong password and unknown email get the same answer after the same work, so the answer does not
 * tell whether an account exists. Failures are counted per email (guessing one account's password)
 * and per client address (trying many accounts); past either limit the answer is 429.
 */
export async function signIn(deps: Deps, email: string, password: string, ip: string): Promise<SessionView> {
  const window = deps.config.SIGNIN_WINDOW_SECONDS;
  const limits = [
    { key: `email:${email}`, policy: { maxFailures: deps.config.SIGNIN_MAX_FAILURES, windowSeconds: window } },
    { key: `ip:${ip}`, policy: { maxFailures: deps.config.SIGNIN_MAX_FAILURES_PER_IP, windowSeconds: window } },
  ];
  for (const { key, policy } of limits) await assertNotThrottled(deps.db, key, policy, deps.clock.now());
  const row = await findUserByEmail(deps.db, email);
  if (!(await checkPassword(row?.password_hash, password)) || !row) {
    for (const { key, policy } of limits) await recordFailure(deps.db, key, policy, deps.clock.now());
    throw unauthorized('Wrong email or password');
  }
  // The account's count starts again; the address's does not (one good password must not reset a spray).
  await clearFailures(deps.db, limits[0]!.key);
  return { token: await deps.tokens.issue(row.id), user: toUserView(row) };
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
