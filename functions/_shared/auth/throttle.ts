import type { Db } from '../db/database.js';
import { countOne, deleteCounter, lockCounters, uncountOne } from '../db/throttle.js';
import { tooManyRequests } from '../errors.js';

/** One counter of attempts and what it allows. Counted in PostgreSQL, so every replica shares it. */
export interface Limit {
  key: string;
  /** Attempts within the window; past them, every attempt answers 429 until the window ends. */
  max: number;
  windowSeconds: number;
  /**
   * Growing delays: the first `free` attempts go through at once; after that, each must wait
   * `baseSeconds` · 2^(attempts − free) after the last one, at most `maxSeconds` (and never past the window).
   */
  delay?: { free: number; baseSeconds: number; maxSeconds: number };
}

interface Counter {
  failures: number;
  window_started_at: Date;
  last_failed_at: Date | null;
}

/** Milliseconds until `limit` lets one more attempt through, by its counter (0: now). */
export function waitMs(counter: Counter, limit: Limit, now: Date): number {
  const windowEnd = counter.window_started_at.getTime() + limit.windowSeconds * 1000;
  if (windowEnd <= now.getTime()) return 0;
  if (counter.failures >= limit.max) return windowEnd - now.getTime();
  const delay = limit.delay;
  if (!delay || counter.failures < delay.free) return 0;
  const seconds = Math.min(
    delay.baseSeconds * 2 ** (counter.failures - delay.free),
    delay.maxSeconds,
  );
  const last = (counter.last_failed_at ?? counter.window_started_at).getTime();
  return Math.max(0, Math.min(last + seconds * 1000, windowEnd) - now.getTime());
}

const inWords = (seconds: number) =>
  seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;

/**
 * Counts one attempt against every limit, in one transaction that holds their counters, so that
 * attempts sent all at once are counted one after another and none slips past a limit while the
 * work it guards (a password hash) runs. If any limit is reached, nothing is counted and the
 * answer is 429 with the longest wait as `Retry-After`.
 */
export async function countAttempt(
  db: Db,
  limits: readonly Limit[],
  now: Date,
  what: string,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const counters = new Map(
      (
        await lockCounters(
          tx,
          limits.map((l) => l.key),
          now,
        )
      ).map((c) => [c.key, c]),
    );
    const wait = Math.max(0, ...limits.map((l) => waitMs(counters.get(l.key)!, l, now)));
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw tooManyRequests(`${what}: try again in ${inWords(seconds)}`, seconds);
    }
    for (const l of limits)
      await countOne(tx, l.key, now, new Date(now.getTime() - l.windowSeconds * 1000));
  });
}

/** Takes back an attempt counted on `key` that was no failure (a right password). */
export const uncountAttempt = (db: Db, key: string): Promise<void> => uncountOne(db, key);

/** Forgets every attempt counted on `key`. */
export const clearAttempts = (db: Db, key: string): Promise<void> => deleteCounter(db, key);
