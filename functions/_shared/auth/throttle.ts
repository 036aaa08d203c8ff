import { sql } from 'kysely';
import type { Executor } from '../db/database.js';
import { tooManyRequests } from '../errors.js';

export interface ThrottlePolicy {
  maxFailures: number;
  windowSeconds: number;
}

/**
 * Failed sign-ins per key, counted in PostgreSQL so every replica of auth-signin shares one count.
 * After `maxFailures` within a window, attempts answer 429 until the window ends.
 */
export async function assertNotThrottled(db: Executor, key: string, policy: ThrottlePolicy, now: Date): Promise<void> {
  const row = await db
    .selectFrom('signin_throttle')
    .select(['failures', 'window_started_at'])
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row || row.failures < policy.maxFailures) return;
  const endsAt = row.window_started_at.getTime() + policy.windowSeconds * 1000;
  if (endsAt > now.getTime()) {
    throw tooManyRequests('Too many failed sign-in attempts; try again later', (endsAt - now.getTime()) / 1000);
  }
}

export async function recordFailure(db: Executor, key: string, policy: ThrottlePolicy, now: Date): Promise<void> {
  const windowStart = new Date(now.getTime() - policy.windowSeconds * 1000);
  const expired = sql<boolean>`signin_throttle.window_started_at <= ${windowStart}`;
  await db
    .insertInto('signin_throttle')
    .values({ key, failures: 1, window_started_at: now })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql`case when ${expired} then 1 else signin_throttle.failures + 1 end`,
        window_started_at: sql`case when ${expired} then ${now} else signin_throttle.window_started_at end`,
      }),
    )
    .execute();
}

export async function clearFailures(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('signin_throttle').where('key', '=', key).execute();
}
