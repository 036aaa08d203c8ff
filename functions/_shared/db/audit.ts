import { sql } from 'kysely';
import type { TaskEventName } from '../events/catalog.js';
import { readableProjects } from './access.js';
import type { AuditRow, Executor, Tx } from './database.js';

/** Adds an entry; an event already in the log (by its id) is left as it is. */
export async function insertAuditEntry(tx: Tx, entry: AuditRow): Promise<void> {
  await tx.insertInto('audit_log').values(entry).onConflict((oc) => oc.column('event_id').doNothing()).execute();
}

/** What `auditOnce` found: whether the entry's task exists, and whether this delivery was the first. */
export interface AuditOnce {
  task: boolean;
  fresh: boolean;
  /** The consumer had recorded this event before the statement began. */
  seen: boolean;
}

/**
 * A consumer's whole effect for one task event, in one statement (one round trip, its own
 * transaction): records that `consumer` processed the event and adds its entry, only when the task
 * exists and the event was not recorded yet. A concurrent delivery of the same event waits for the
 * first to commit, then records nothing (`fresh` false).
 */
export async function auditOnce(db: Executor, consumer: string, entry: AuditRow): Promise<AuditOnce> {
  const { rows } = await sql<AuditOnce>`
    with task as (select 1 from tasks where id = ${entry.task_id}),
    seen as (select 1 from processed_events where consumer = ${consumer} and event_id = ${entry.event_id}),
    fresh as (
      insert into processed_events (consumer, event_id, processed_at)
      select ${consumer}, ${entry.event_id}, ${entry.recorded_at}::timestamptz from task
      on conflict do nothing
      returning 1
    ),
    entry as (
      insert into audit_log (id, user_id, project_id, event_id, event_type, task_id, task, occurred_at, recorded_at)
      select ${entry.id}::uuid, ${entry.user_id}::uuid, ${entry.project_id}::uuid, ${entry.event_id}, ${entry.event_type}, ${entry.task_id}::uuid,
        ${entry.task}::jsonb, ${entry.occurred_at}::timestamptz, ${entry.recorded_at}::timestamptz
      from fresh
      on conflict (event_id) do nothing
    )
    select exists (select from task) as task, exists (select from fresh) as fresh, exists (select from seen) as seen`.execute(db);
  return rows[0]!;
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

export type AuditRowWithActor = AuditRow & { actor_email: string | null; actor_name: string | null };

/**
 * The entries of the projects the user reads (archived ones too), newest first (ties by id), one more
 * than `limit` to tell whether a page follows; each with who made the change. Like the task list,
 * each project's own index gives its newest entries, and only those are merged.
 */
export async function listAuditEntries(db: Executor, filter: AuditFilter): Promise<AuditRowWithActor[]> {
  return db
    .selectFrom(readableProjects(db, filter.userId, { projectId: filter.projectId, archived: true }).as('m'))
    .innerJoinLateral(
      (eb) => {
        let query = eb.selectFrom('audit_log').selectAll('audit_log').whereRef('audit_log.project_id', '=', 'm.project_id');
        if (filter.eventType) query = query.where('event_type', '=', filter.eventType);
        if (filter.taskId) query = query.where('task_id', '=', filter.taskId);
        if (filter.from) query = query.where('occurred_at', '>=', filter.from);
        if (filter.to) query = query.where('occurred_at', '<=', filter.to);
        const after = filter.after;
        if (after) query = query.where((w) => w(w.refTuple('occurred_at', 'audit_log.id'), '<', w.tuple(after.occurredAt, after.id)));
        return query.orderBy('occurred_at', 'desc').orderBy('audit_log.id', 'desc').limit(filter.limit + 1).as('a');
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
