import { sql } from 'kysely';
import type { Executor } from './database.js';

export type StreamKind = 'task' | 'notification' | 'project';

export interface StreamEntry {
  seq: string;
  kind: StreamKind;
  data: Record<string, unknown>;
}

/**
 * An entry for the streams of `users`, and of the accepted members of `membersOf.projectId` (but
 * `membersOf.except`) as they are when it is written.
 */
export interface StreamAppend {
  users?: readonly string[];
  membersOf?: { projectId: string; except?: string };
  entry: {
    eventId: string;
    kind: StreamKind;
    data: Record<string, unknown>;
    at: Date;
    projectId: string | null;
  };
}

/**
 * A consumer's whole effect for events, in one statement (one round trip, its own transaction): records
 * that `consumer` processed each of `eventIds` and, for those it had not, appends their entries. Each
 * entry goes to its users and to its project's members, read in the same statement; each user's stream
 * is locked and the entries appended once per user and event, with a NOTIFY at commit
 * (ripple_stream_append_many). Users are taken in id order (each user's entries in the order given),
 * so two writers never wait for each other's users. A concurrent delivery of the same events waits for
 * the first to commit, then records and appends nothing. Answers the ids recorded now.
 */
export async function appendToStreamsOnce(
  db: Executor,
  consumer: string,
  eventIds: readonly string[],
  appends: readonly StreamAppend[],
  at: Date,
): Promise<Set<string>> {
  const entries = appends.map(({ users, membersOf, entry }, ord) => ({
    ord,
    users: users ?? [],
    members_of: membersOf?.projectId ?? null,
    except_user: membersOf?.except ?? null,
    event_id: entry.eventId,
    kind: entry.kind,
    data: entry.data,
    at: entry.at.toISOString(),
    project_id: entry.projectId,
  }));
  const { rows } = await sql<{ event_id: string }>`
    with input as (
      select * from jsonb_to_recordset(${{ entries }}::jsonb -> 'entries') as i(
        ord int, users uuid[], members_of uuid, except_user uuid, event_id text, kind text, data jsonb, at timestamptz, project_id uuid)
    ),
    fresh as (
      insert into processed_events (consumer, event_id, processed_at)
      select ${consumer}, e.event_id, ${at} from unnest(${[...new Set(eventIds)].sort()}::text[]) as e(event_id) order by e.event_id
      on conflict do nothing
      returning event_id
    ),
    pairs as (
      select row_number() over (order by u.user_id, i.ord)::int as ord, u.user_id, i.event_id, i.kind, i.data, i.at, i.project_id
      from input i
      cross join lateral (
        select unnest(i.users) as user_id
        union
        select pm.user_id from project_members pm
        where pm.project_id = i.members_of and pm.accepted_at is not null and pm.user_id is distinct from i.except_user
      ) u
      where i.event_id in (select event_id from fresh)
    ),
    appended as (
      select ripple_stream_append_many(coalesce((select jsonb_agg(to_jsonb(p) order by p.ord) from pairs p), '[]'::jsonb))
    )
    select event_id from fresh, appended`.execute(db);
  return new Set(rows.map((r) => r.event_id));
}

/**
 * The user's entries after `afterSeq`, oldest first; an entry about a project only while the user is
 * a member of it, so a removed member's open stream stops hearing of it at once.
 */
export async function streamAfter(
  db: Executor,
  userId: string,
  afterSeq: string,
  limit: number,
): Promise<StreamEntry[]> {
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
  const row = await db
    .selectFrom('user_stream')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.seq ?? '0';
}

/** Deletes up to `limit` entries older than `before`; returns how many. */
export async function pruneStream(db: Executor, before: Date, limit: number): Promise<number> {
  const { numAffectedRows } = await sql`
    delete from user_stream where seq in (select seq from user_stream where created_at < ${before} order by created_at limit ${limit})`.execute(
    db,
  );
  return Number(numAffectedRows ?? 0);
}
