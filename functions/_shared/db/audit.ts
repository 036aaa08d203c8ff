import { sql } from 'kysely';
import type { TaskEventName } from '../events/catalog.js';
import { readableProjects } from './access.js';
import type { AuditRow, Executor, Tx } from './database.js';

/** Adds an entry; an event already in the log (by its id) is left as it is. */
export async function insertAuditEntry(tx: Tx, entry: AuditRow): Promise<void> {
  await tx
    .insertInto('audit_log')
    .values(entry)
    .onConflict((oc) => oc.column('event_id').doNothing())
    .execute();
}

/** What `auditOnce` found for an entry: whether its task exists, and whether this delivery was the first. */
export interface AuditOnce {
  task: boolean;
  fresh: boolean;
  /** The consumer had recorded this event before the statement began. */
  seen: boolean;
}

/**
 * A consumer's whole effect for task events, in one statement (one round trip, its own transaction):
 * records that `consumer` processed each event and adds its entry, in the order given, only when the
 * task exists and the event was not recorded yet; an event given twice is written once. A concurrent
 * delivery of the same event waits for the first to commit, then records nothing (`fresh` false).
 * Answers each entry's `AuditOnce`, in order.
 */
export async function auditOnce(
  db: Executor,
  consumer: string,
  entries: readonly AuditRow[],
): Promise<AuditOnce[]> {
  const input = entries.map((e, ord) => ({ ...e, ord }));
  const { rows } = await sql<AuditOnce & { ord: number }>`
    with input as (
      select * from jsonb_to_recordset(${{ entries: input }}::jsonb -> 'entries') as i(
        ord int, id uuid, user_id uuid, project_id uuid, event_id text, event_type text, task_id uuid, task jsonb, occurred_at timestamptz, recorded_at timestamptz)
    ),
    known as (
      select distinct on (event_id) * from input i where exists (select from tasks t where t.id = i.task_id) order by event_id, ord
    ),
    fresh as (
      insert into processed_events (consumer, event_id, processed_at)
      select ${consumer}, event_id, recorded_at from known order by event_id
      on conflict do nothing
      returning event_id
    ),
    entry as (
      insert into audit_log (id, user_id, project_id, event_id, event_type, task_id, task, occurred_at, recorded_at)
      select k.id, k.user_id, k.project_id, k.event_id, k.event_type, k.task_id, k.task, k.occurred_at, k.recorded_at
      from known k join fresh f on f.event_id = k.event_id
      order by k.ord
      on conflict (event_id) do nothing
    )
    select i.ord,
      exists (select from tasks t where t.id = i.task_id) as task,
      exists (select from known k join fresh f on f.event_id = k.event_id where k.ord = i.ord) as fresh,
      exists (select from processed_events p where p.consumer = ${consumer} and p.event_id = i.event_id) as seen
    from input i
    order by i.ord`.execute(db);
  return rows.map(({ task, fresh, seen }) => ({ task, fresh, seen }));
}

export interface AuditFilter {
  userId: string;
  projectId?: string | undefined;
  eventType?: TaskEventName | undefined;
  taskId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Keyset position: entries strictly after it, newest first. */
  after?: { occurredAt: Date; id: string } | undefined;
  limit: number;
}

export type AuditRowWithActor = AuditRow & {
  actor_email: string | null;
  actor_name: string | null;
};

/**
 * The entries of the projects the user reads (archived ones too), newest first (ties by id), one more
 * than `limit` to tell whether a page follows; each with who made the change. Like the task list,
 * each project's own index gives its newest entries, and only those are merged.
 */
export async function listAuditEntries(
  db: Executor,
  filter: AuditFilter,
): Promise<AuditRowWithActor[]> {
  return db
    .selectFrom(
      readableProjects(db, filter.userId, { projectId: filter.projectId, archived: true }).as('m'),
    )
    .innerJoinLateral(
      (eb) => {
        let query = eb
          .selectFrom('audit_log')
          .selectAll('audit_log')
          .whereRef('audit_log.project_id', '=', 'm.project_id');
        if (filter.eventType) query = query.where('event_type', '=', filter.eventType);
        if (filter.taskId) query = query.where('task_id', '=', filter.taskId);
        if (filter.from) query = query.where('occurred_at', '>=', filter.from);
        if (filter.to) query = query.where('occurred_at', '<=', filter.to);
        const after = filter.after;
        if (after)
          query = query.where((w) =>
            w(w.refTuple('occurred_at', 'audit_log.id'), '<', w.tuple(after.occurredAt, after.id)),
          );
        return query
          .orderBy('occurred_at', 'desc')
          .orderBy('audit_log.id', 'desc')
          .limit(filter.limit + 1)
          .as('a');
      },
      (join) => join.onTrue(),
    )
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .selectAll('a')
    .select(['u.email as actor_email', 'u.name as actor_name'])
    .orderBy('a.occurred_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(filter.limit + 1)
    .execute();
}
