import { sql } from 'kysely';
import { readableProjects } from './access.js';
import type { Executor, NewSeries, NewTask, SeriesRow, SeriesUpdate, TaskRow } from './database.js';

// Series "on schedule" and their ledger of occurrences. A series belongs to a project: who may see or
// change it is the access rule's (access/rule.ts), as for the project's tasks.

export async function insertSeries(db: Executor, row: NewSeries): Promise<SeriesRow> {
  return db.insertInto('series').values(row).returningAll().executeTakeFirstOrThrow();
}

/** A live series, locked for a change (the caller checks the user's role in its project). */
export async function lockSeries(db: Executor, id: string): Promise<SeriesRow | undefined> {
  return db
    .selectFrom('series')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
}

/** A live series in a project the user may read (archived ones too); undefined otherwise. */
export async function findSeries(
  db: Executor,
  userId: string,
  id: string,
): Promise<SeriesRow | undefined> {
  return db
    .selectFrom('series')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .where('project_id', 'in', readableProjects(db, userId, { archived: true }))
    .executeTakeFirst();
}

/** The live series of the projects the user may read, newest first. */
export async function listSeriesOf(
  db: Executor,
  userId: string,
  projectId?: string,
): Promise<SeriesRow[]> {
  return db
    .selectFrom('series')
    .selectAll()
    .where('deleted_at', 'is', null)
    .where('project_id', 'in', readableProjects(db, userId, { projectId }))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(500)
    .execute();
}

export async function updateSeriesRow(
  db: Executor,
  id: string,
  changes: SeriesUpdate,
): Promise<SeriesRow> {
  return db
    .updateTable('series')
    .set(changes)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

const liveProjects = (db: Executor) =>
  db
    .selectFrom('projects')
    .select('id')
    .where('deleted_at', 'is', null)
    .where('archived_at', 'is', null);

/**
 * Active series (of live, unarchived projects) with an occurrence to create by `now`, locked; those
 * another scheduler holds are skipped, so two schedulers never work on one series at once.
 */
export async function lockDueSeries(db: Executor, now: Date, limit: number): Promise<SeriesRow[]> {
  return db
    .selectFrom('series')
    .selectAll()
    .where('status', '=', 'active')
    .where('deleted_at', 'is', null)
    .where('next_create_at', '<=', now)
    .where('project_id', 'in', liveProjects(db))
    .orderBy('next_create_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

/** When the next occurrence of any series is to be created, or null when none waits. */
export async function nextSeriesAt(db: Executor): Promise<Date | null> {
  const row = await db
    .selectFrom('series')
    .select((eb) => eb.fn.min('next_create_at').as('at'))
    .where('status', '=', 'active')
    .where('deleted_at', 'is', null)
    .where('project_id', 'in', liveProjects(db))
    .executeTakeFirst();
  return row?.at ? new Date(row.at as Date) : null;
}

/**
 * Records occurrences as created, answering the task ids of those that were not already (the ledger's
 * key is series + due date: an occurrence recorded before is left out).
 */
export async function claimOccurrences(
  db: Executor,
  rows: { series_id: string; due_at: Date; task_id: string; created_at: Date }[],
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const res = await db
    .insertInto('series_occurrences')
    .values(rows)
    .onConflict((oc) => oc.columns(['series_id', 'due_at']).doNothing())
    .returning('task_id')
    .execute();
  return new Set(res.map((r) => r.task_id));
}

/** Every tag on every one of the tasks, in one statement. */
export async function tagTasks(
  db: Executor,
  taskIds: readonly string[],
  tagIds: readonly string[],
): Promise<void> {
  const rows = taskIds.flatMap((task_id) => tagIds.map((tag_id) => ({ task_id, tag_id })));
  if (rows.length > 0)
    await db
      .insertInto('task_tags')
      .values(rows)
      .onConflict((oc) => oc.doNothing())
      .execute();
}

/** The occurrences' tasks, in one statement. */
export async function insertTasks(db: Executor, tasks: NewTask[]): Promise<TaskRow[]> {
  if (tasks.length === 0) return [];
  return db.insertInto('tasks').values(tasks).returningAll().execute();
}

/** The live tasks a series created, locked (for deleting them with it, or changing this and following). */
export async function lockSeriesTasks(db: Executor, seriesId: string): Promise<TaskRow[]> {
  return db
    .selectFrom('tasks')
    .selectAll()
    .where('series_id', '=', seriesId)
    .where('deleted_at', 'is', null)
    .orderBy('due_at')
    .forUpdate()
    .execute();
}

/** The due date of the latest occurrence created of a series (its ledger), or null. */
export async function lastCreatedDue(db: Executor, seriesId: string): Promise<Date | null> {
  const row = await db
    .selectFrom('series_occurrences')
    .select(sql<Date>`max(due_at)`.as('due'))
    .where('series_id', '=', seriesId)
    .executeTakeFirst();
  return row?.due ? new Date(row.due) : null;
}

/** Moves the occurrences already created from `from` on to the series that now owns them ("this and following"). */
export async function moveOccurrences(
  db: Executor,
  fromSeries: string,
  toSeries: string,
  from: Date,
): Promise<void> {
  await db
    .updateTable('series_occurrences')
    .set({ series_id: toSeries })
    .where('series_id', '=', fromSeries)
    .where('due_at', '>=', from)
    .execute();
  await db
    .updateTable('tasks')
    .set({ series_id: toSeries })
    .where('series_id', '=', fromSeries)
    .where('due_at', '>=', from)
    .execute();
}
