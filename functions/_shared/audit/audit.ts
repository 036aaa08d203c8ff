import * as z from 'zod';
import type { Deps } from '../deps.js';
import {
  auditOnce,
  insertAuditEntry,
  listAuditEntries,
  type AuditOnce,
  type AuditRowWithActor,
} from '../db/audit.js';
import { roleIn } from '../db/access.js';
import { authorize } from '../access/rule.js';
import { projectOfOwnTask, projectOfTask } from '../db/tasks.js';
import type { AuditRow, Tx } from '../db/database.js';
import { openPosition } from '../cursors.js';
import { CONSUMED_TYPES, taskEventName } from '../events/catalog.js';
import { UnprocessableEvent, type ConsumedEvent, type Consumer } from '../events/consumer.js';
import type { AuditEntry, AuditQuery } from '../schemas/audit.js';
import { TaskSnapshot } from '../schemas/task.js';

/**
 * The audit log's consumer: each task event becomes one entry of its project's log, saying who did it
 * (the event's `userid`). The project's members read it.
 */
export const auditConsumer: Consumer<TaskSnapshot> = {
  types: CONSUMED_TYPES['audit-writer'],
  data: TaskSnapshot,
  // Events that name their project (every event since projects) in one statement; the rule below is
  // the same: the task must exist and be in the project the event names. An event refused fails a batch
  // after the others were written; sent again one at a time, those are duplicates and it is refused alone.
  async once(events, deps, consumer) {
    if (events.some((e) => e.projectId === undefined)) return undefined;
    const wrong = events.find((e) => e.data.project_id !== e.projectId);
    if (wrong) throw new UnprocessableEvent(`the project has no task ${wrong.data.id}`);
    const done = await auditOnce(
      deps.db,
      consumer,
      events.map((e) => entryOf(e, e.projectId!, deps)),
    );
    return events.map((event, i) => outcomeOf(event, done[i]!));
  },
  async handle(event: ConsumedEvent<TaskSnapshot>, tx: Tx, deps: Deps) {
    // The log tells what happened to a project's tasks: an event about a task that does not exist, or
    // that says it is in one project while naming another, is refused, not written as history. Where the
    // task is now does not matter (it may have moved since); a deleted task is still there. An event
    // written before projects names no project, and its user was the task's owner: it is taken only so,
    // and filed under the task's project.
    const projectId = event.projectId ?? (await projectOfOwnTask(tx, event.userId, event.data.id));
    const consistent = event.projectId === undefined || event.data.project_id === event.projectId;
    if (!projectId || !consistent || (await projectOfTask(tx, event.data.id)) === undefined)
      throw new UnprocessableEvent(`the project has no task ${event.data.id}`);
    await insertAuditEntry(tx, entryOf(event, projectId, deps));
  },
};

function outcomeOf(event: ConsumedEvent<TaskSnapshot>, done: AuditOnce): 'processed' | 'duplicate' {
  if (done.fresh) return 'processed';
  if (done.task || done.seen) return 'duplicate';
  throw new UnprocessableEvent(`the project has no task ${event.data.id}`);
}

const entryOf = (event: ConsumedEvent<TaskSnapshot>, projectId: string, deps: Deps): AuditRow => ({
  id: deps.ids.next(),
  user_id: event.userId,
  project_id: projectId,
  event_id: event.id,
  event_type: taskEventName(event.type)!,
  task_id: event.data.id,
  task: event.data,
  occurred_at: event.time,
  recorded_at: deps.clock.now(),
});

const Position = z.object({ t: z.iso.datetime(), i: z.uuid() });

const toEntry = (row: AuditRowWithActor): AuditEntry => ({
  id: row.id,
  event_id: row.event_id,
  event_type: row.event_type,
  task_id: row.task_id,
  project_id: row.project_id,
  actor: { id: row.user_id, email: row.actor_email, name: row.actor_name },
  task: row.task,
  occurred_at: row.occurred_at.toISOString(),
});

/**
 * One page of the activity the user may read (every change to the tasks of their projects, or of one
 * project), newest first, with a keyset cursor sealed to the user and query.
 */
export async function listAuditPage(
  deps: Deps,
  userId: string,
  query: AuditQuery,
): Promise<{ items: AuditEntry[]; next_cursor: string | null }> {
  const { cursor, limit, ...filters } = query;
  const context = { user: userId, audit: filters };
  let after: { occurredAt: Date; id: string } | undefined;
  if (cursor !== undefined) {
    const position = openPosition(deps.cursors, cursor, context, Position);
    after = { occurredAt: new Date(position.t), id: position.i };
  }
  if (filters.project_id !== undefined)
    authorize(await roleIn(deps.db, userId, filters.project_id), 'read', 'Project');
  const rows = await listAuditEntries(deps.db, {
    userId,
    projectId: filters.project_id,
    eventType: filters.event_type,
    taskId: filters.task_id,
    from: filters.from,
    to: filters.to,
    after,
    limit,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toEntry),
    next_cursor:
      rows.length > limit && last
        ? deps.cursors.seal({ t: last.occurred_at.toISOString(), i: last.id }, context)
        : null,
  };
}
