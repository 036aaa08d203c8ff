import { readableProjects } from './access.js';
import type { Executor, TaskRow } from './database.js';
import type { TagsByTask } from './tags.js';

/** Sets the user's feed token (a new one replaces the old, which stops working at once). */
export async function setFeedToken(db: Executor, userId: string, tokenHash: Buffer, now: Date) {
  return db
    .insertInto('calendar_feeds')
    .values({ user_id: userId, token_hash: tokenHash, created_at: now })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet({ token_hash: tokenHash, created_at: now }),
    )
    .returning(['created_at'])
    .executeTakeFirstOrThrow();
}

export async function deleteFeed(db: Executor, userId: string): Promise<boolean> {
  const res = await db
    .deleteFrom('calendar_feeds')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return res.numDeletedRows > 0n;
}

export async function feedOf(db: Executor, userId: string) {
  return db
    .selectFrom('calendar_feeds')
    .select(['created_at'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** The feed's owner and their time zone, by the token's hash; undefined for a token that is not (or no longer) a feed. */
export async function feedOwner(db: Executor, tokenHash: Buffer) {
  return db
    .selectFrom('calendar_feeds')
    .innerJoin('users', 'users.id', 'calendar_feeds.user_id')
    .select(['users.id', 'users.timezone'])
    .where('calendar_feeds.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/**
 * The tasks a feed shows: those with a due date in the projects the user may read (the access rule), live, open or completed in the last
 * `completedDays` days, soonest first, at most `limit`.
 */
export async function feedTasks(
  db: Executor,
  userId: string,
  since: Date,
  limit: number,
): Promise<{ rows: TaskRow[]; tags: TagsByTask }> {
  const rows = await db
    .selectFrom('tasks')
    .selectAll()
    .where('project_id', 'in', readableProjects(db, userId))
    .where('deleted_at', 'is', null)
    .where('due_at', 'is not', null)
    .where((eb) => eb.or([eb('status', '=', 'pending'), eb('completed_at', '>=', since)]))
    .orderBy('due_at', 'asc')
    .orderBy('id')
    .limit(limit)
    .execute();
  return { rows, tags: new Map(rows.map((r) => [r.id, r.tag_list])) };
}
