import * as z from 'zod';
import type { Deps } from '../deps.js';
import { insertAuditEntry, listAuditEntries } from '../db/audit.js';
import { taskExists } from '../db/tasks.js';
import type { AuditRow, Tx } from '../db/database.js';
import { openPosition } from '../cursors.js';
import { taskEventName, TASK_EVENT_TYPES } from '../events/catalog.js';
import { UnprocessableEvent, type ConsumedEvent, type Consumer } from '../events/consumer.js';
import type { AuditEntry, AuditQuery } from '../schemas/audit.js';
import { Task, type TaskView } from '../schemas/task.js';

/** The audit log's consumer: each task event becomes one entry of its user's log. */
export const auditConsumer: Consumer<TaskView> = {
  types: TASK_EVENT_TYPES,
  data: Task,
  async handle(event: ConsumedEvent<TaskView>, tx: Tx, deps: Deps) {
    // The log tells what happened to the user's tasks: an event about a task they do not have (never
    // created, or another user's) is refused, not written as history. A deleted task is still there.
    if (!(await taskExists(tx, event.userId, event.data.id))) throw new UnprocessableEvent(`the user has no task ${event.data.id}`);
    await insertAuditEntry(tx, {
      id: deps.ids.next(),
      user_id: event.userId,
      event_id: event.id,
      event_type: taskEventName(event.type)!,
      task_id: event.data.id,
      task: event.data,
      occurred_at: event.time,
      recorded_at: deps.clock.now(),
    });
  },
};

const Position = z.object({ t: z.iso.datetime(), i: z.uuid() });

const toEntry = (row: AuditRow): AuditEntry => ({
  id: row.id,
  event_id: row.event_id,
  event_type: row.event_type,
  task_id: row.task_id,
  task: row.task,
  occurred_at: row.occurred_at.toISOString(),
});

/** One page of the user's audit log, newest first, with a keyset cursor sealed to the user and query. */
export async function listAuditPage(deps: Deps, userId: string, query: AuditQuery): Promise<{ items: AuditEntry[]; next_cursor: string | null }> {
  const { cursor, limit, ...filters } = query;
  const context = { user: userId, audit: filters };
  let after: { occurredAt: Date; id: string } | undefined;
  if (cursor !== undefined) {
    const position = openPosition(deps.cursors, cursor, context, Position);
    after = { occurredAt: new Date(position.t), id: position.i };
  }
  const rows = await listAuditEntries(deps.db, { userId, eventType: filters.event_type, taskId: filters.task_id, from: filters.from, to: filters.to, after, limit });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toEntry),
    next_cursor: rows.length > limit && last ? deps.cursors.seal({ t: last.occurred_at.toISOString(), i: last.id }, context) : null,
  };
}
