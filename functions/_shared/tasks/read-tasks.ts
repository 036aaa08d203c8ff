import * as z from 'zod';
import type { Deps } from '../deps.js';
import { findLiveTask, listTasks, type Position } from '../db/tasks.js';
import { openPosition } from '../cursors.js';
import { notFound } from '../errors.js';
import { authorize } from '../access/rule.js';
import { roleIn } from '../db/access.js';
import type { TaskListQuery, TaskView } from '../schemas/task.js';
import { taskViewText, toTaskView } from './task-view.js';

export async function getTask(deps: Deps, userId: string, id: string): Promise<TaskView> {
  const row = await findLiveTask(deps.db, userId, id);
  if (!row) throw notFound('Task not found');
  return toTaskView(row, undefined, new Map([[row.id, row.progress]]));
}

const TIME_SORTS = new Set(['created_at', 'updated_at', 'due_at']);

/** A position as the cursor carries it: the sort key as JSON (times as ISO strings) and the id. */
const PositionJson = z.object({ k: z.union([z.string(), z.number(), z.null()]), i: z.uuid() });

function toPosition(
  cursors: Deps['cursors'],
  cursor: string,
  context: unknown,
  query: TaskListQuery,
): Position {
  const { k, i } = openPosition(cursors, cursor, context, PositionJson);
  const key = typeof k === 'string' && TIME_SORTS.has(query.sort) ? new Date(k) : k;
  return { key, id: i };
}

function keyJson(key: unknown): string | number | null {
  if (key instanceof Date) return key.toISOString();
  return key as string | number | null;
}

/** One page of tasks and the cursor of the next: listTaskPageJson's answer, read. */
export async function listTaskPage(
  deps: Deps,
  userId: string,
  query: TaskListQuery,
): Promise<{ items: TaskView[]; next_cursor: string | null }> {
  return JSON.parse(await listTaskPageJson(deps, userId, query)) as {
    items: TaskView[];
    next_cursor: string | null;
  };
}

/**
 * One page of the live tasks the user may read (those of their projects) for the query, with the cursor
 * of the next page, as the JSON text GET /api/tasks answers: each task's JSON is made by PostgreSQL.
 * The cursor is keyset (stable under inserts and deletes) and sealed to this user and this query.
 */
export async function listTaskPageJson(
  deps: Deps,
  userId: string,
  query: TaskListQuery,
): Promise<string> {
  const { cursor, limit, ...filters } = query;
  const context = { user: userId, query: filters };
  const after = cursor === undefined ? undefined : toPosition(deps.cursors, cursor, context, query);
  // A project named in the query must be one the user reads: otherwise 404, as for its tasks.
  if (query.project_id !== undefined)
    authorize(await roleIn(deps.db, userId, query.project_id), 'read', 'Project');
  const rows = await listTasks(deps.db, {
    userId,
    status: query.status,
    sort: query.sort,
    order: query.order,
    limit,
    ...(query.q === undefined ? {} : { q: query.q }),
    ...(query.priority ? { priorities: query.priority } : {}),
    ...(query.tags ? { tags: query.tags } : {}),
    ...(query.due_from ? { dueFrom: query.due_from } : {}),
    ...(query.due_to ? { dueTo: query.due_to } : {}),
    ...(query.overdue ? { overdueAt: deps.clock.now() } : {}),
    ...(after ? { after } : {}),
    ...(query.project_id === undefined ? {} : { projectId: query.project_id }),
    ...(query.assigned_to === undefined
      ? {}
      : { assigneeId: query.assigned_to === 'me' ? userId : query.assigned_to }),
    ...(query.parent_id === undefined
      ? {}
      : { parentId: query.parent_id === 'none' ? null : query.parent_id }),
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const next =
    rows.length > limit && last
      ? deps.cursors.seal({ k: keyJson(last.sort_key), i: last.id }, context)
      : null;
  return `{"items":[${page.map((row) => taskViewText(row.view, row.recurrence)).join(',')}],"next_cursor":${JSON.stringify(next)}}`;
}
