import { createHash, randomBytes } from 'node:crypto';
import { deleteFeed, feedOf, feedOwner, feedTasks, setFeedToken } from '../db/calendar-feeds.js';
import type { Deps } from '../deps.js';
import { notFound } from '../errors.js';
import { calendarFeed } from './feed.js';

/** Where a feed is served; the token is its only credential. */
export const FEED_PATH = '/api/calendar';
const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest();
const urlOf = (token: string) => `${FEED_PATH}/feeds/${token}.ics`;

/** A new secret URL for the user's feed; one there was stops working. The token is shown this once. */
export async function regenerateFeed(deps: Deps, userId: string) {
  const token = randomBytes(32).toString('base64url');
  const row = await setFeedToken(deps.db, userId, hashOf(token), deps.clock.now());
  return { url: urlOf(token), created_at: row.created_at.toISOString() };
}

export async function revokeFeed(deps: Deps, userId: string): Promise<void> {
  if (!(await deleteFeed(deps.db, userId))) throw notFound('There is no calendar feed to revoke');
}

export async function feedStatus(deps: Deps, userId: string) {
  const row = await feedOf(deps.db, userId);
  return { active: row !== undefined, created_at: row?.created_at.toISOString() ?? null };
}

const COMPLETED_DAYS = 30;
const MAX_TASKS = 2000;

/** The feed behind a token, and its ETag; undefined for a token that is not a feed (revoked, replaced, made up). */
export async function renderFeed(
  deps: Deps,
  token: string,
): Promise<{ body: string; etag: string } | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const owner = await feedOwner(deps.db, hashOf(token));
  if (!owner) return undefined;
  const now = deps.clock.now();
  const { rows, tags } = await feedTasks(
    deps.db,
    owner.id,
    new Date(now.getTime() - COMPLETED_DAYS * 86_400_000),
    MAX_TASKS,
  );
  const body = await calendarFeed(rows, tags, owner.timezone, now);
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}
