import type { TaskEventName } from '../events/catalog.js';
import type { AuditRow, Executor, Tx } from './database.js';

/** Adds an entry; an event already in the log (by its id) is left as it is. */
export async function insertAuditEntry(tx: Tx, entry: AuditRow): Promise<void> {
  await tx.insertInto('audit_log').values(entry).onConflict((oc) => oc.column('event_id').doNothing()).execute();
}

export interface AuditFilter {
  userId: string;
  eventType?: TaskEventName | undefined;
  taskId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Keyset position: entries strictly after it, newest first. */
  after?: { occurredAt: Date; id: string } | undefined;
  limit: number;
}

/** The user's entries, newest first (ties by id), one more than `limit` to tell whether a page follows. */
export async function listAuditEntries(db: Executor, filter: AuditFilter): Promise<AuditRow[]> {
  let query = db.selectFrom('audit_log').selectAll().where('user_id', '=', filter.userId);
  if (filter.eventType) query = query.where('event_type', '=', filter.eventType);
  if (filter.taskId) query = query.where('task_id', '=', filter.taskId);
  if (filter.from) query = query.where('occurred_at', '>=', filter.from);
  if (filter.to) query = query.where('occurred_at', '<=', filter.to);
  const after = filter.after;
  if (after) query = query.where((eb) => eb(eb.refTuple('occurred_at', 'id'), '<', eb.tuple(after.occurredAt, after.id)));
  return query.orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(filter.limit + 1).execute();
}
