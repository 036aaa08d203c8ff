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

export async function signUp(deps: Deps, input: SignupInput): Promise<SessionView> {
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
 * tell whether an account exists. Failures are counted per email; past the limit the answer is 429.
 */
export async function signIn(deps: Deps, email: string, password: string): Promise<SessionView> {
  const policy = { maxFailures: deps.config.SIGNIN_MAX_FAILURES, windowSeconds: deps.config.SIGNIN_WINDOW_SECONDS };
  const key = `email:${email}`;
  await assertNotThrottled(deps.db, key, policy, deps.clock.now());
  const row = await findUserByEmail(deps.db, email);
  if (!(await checkPassword(row?.password_hash, password)) || !row) {
    await recordFailure(deps.db, key, policy, deps.clock.now());
    throw unauthorized('Wrong email or password');
  }
  await clearFailures(deps.db, key);
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
