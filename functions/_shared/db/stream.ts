import { sql } from 'kysely';
import type { Executor, Tx } from './database.js';

export type StreamKind = 'task' | 'notification' | 'project';

export interface StreamEntry {
  seq: string;
  kind: StreamKind;
  data: Record<string, unknown>;
}

/** An entry for the stream of each of `users`. */
export interface StreamAppend {
  users: readonly string[];
  entry: { eventId: string; kind: StreamKind; data: Record<string, unknown>; at: Date; projectId: string | null };
}

/**
 * Appends entries in one statement (ripple_stream_append_many): for each user, their stream is locked,
 * each entry appended once per user and event, and a NOTIFY sent at commit. Users are taken in id order
 * (each user's entries in the order given), so two writers never wait for each other's users.
 */
export async function appendToStreams(tx: Tx, appends: readonly StreamAppend[]): Promise<void> {
  const pairs = appends.flatMap(({ users, entry }) => [...new Set(users)].map((userId) => ({ userId, entry })));
  if (pairs.length === 0) return;
  const rows = pairs
    .map((p, i) => ({ p, i }))
    .sort((x, y) => (x.p.userId < y.p.userId ? -1 : x.p.userId > y.p.userId ? 1 : x.i - y.i))
    .map(({ p: { userId, entry } }, ord) => ({ ord, user_id: userId, event_id: entry.eventId, kind: entry.kind, data: entry.data, at: entry.at.toISOString(), project_id: entry.projectId }));
  await sql`select ripple_stream_append_many(${{ entries: rows }}::jsonb -> 'entries')`.execute(tx);
}

/**
 * The user's entries after `afterSeq`, oldest first; an entry about a project only while the user is
 * a member of it, so a removed member's open stream stops hearing of it at once.
 */
export async function streamAfter(db: Executor, userId: string, afterSeq: string, limit: number): Promise<StreamEntry[]> {
  return db
    .selectFrom('user_stream')
    .select(['seq', 'kind', 'data'])
    .where('user_id', '=', userId)
    .where('seq', '>', afterSeq)
    .where((eb) =>
      eb.or([
        eb('project_id', 'is', null),
        eb.exists(
          eb
            .selectFrom('project_members as pm')
            .select('pm.project_id')
            .whereRef('pm.project_id', '=', 'user_stream.project_id')
            .where('pm.user_id', '=', userId)
            .where('pm.accepted_at', 'is not', null),
        ),
      ]),
    )
    .orderBy('seq')
    .limit(limit)
    .execute();
}

/** The number of the user's newest entry ("0" when none): where a tab that asks for no replay starts. */
export async function streamHead(db: Executor, userId: string): Promise<string> {
  const row = await db.selectFrom('user_stream').select((eb) => eb.fn.max('seq').as('seq')).where('user_id', '=', userId).executeTakeFirst();
  return row?.seq ?? '0';
}

/** Deletes up to `limit` entries older than `before`; returns how many. */
export async function pruneStream(db: Executor, before: Date, limit: number): Promise<number> {
  const { numAffectedRows } = await sql`
    delete from user_stream where seq in (select seq from user_stream where created_at < ${before} order by created_at limit ${limit})`.execute(db);
  return Number(numAffectedRows ?? 0);
}
