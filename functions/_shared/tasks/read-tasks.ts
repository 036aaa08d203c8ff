import * as z from 'zod';
import type { Deps } from '../deps.js';
import { tagsOfTasks } from '../db/tags.js';
import { findLiveTask, listTasks } from '../db/tasks.js';
import { badRequest, notFound } from '../errors.js';
import type { TaskListQuery, TaskView } from '../schemas/task.js';
import { toTaskView } from './task-view.js';

export async function getTask(deps: Deps, userId: string, id: string): Promise<TaskView> {
  const row = await findLiveTask(deps.db, userId, id);
  if (!row) throw notFound('Task not found');
  return toTaskView(row, await tagsOfTasks(deps.db, [id]));
}

const CursorSchema = z.object({ c: z.iso.datetime(), i: z.uuid() });

function encodeCursor(task: TaskView): string {
  return Buffer.from(JSON.stringify({ c: task.created_at, i: task.id })).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const parsed = CursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { createdAt: new Date(parsed.c), id: parsed.i };
  } catch {
    throw badRequest('Invalid cursor', [{ path: 'query.cursor', message: 'is not a cursor this API returned' }]);
  }
}

/** One page of the user's live tasks, newest first, with the cursor of the next page (keyset: stable under inserts). */
export async function listTaskPage(
  deps: Deps,
  userId: string,
  query: TaskListQuery,
): Promise<{ items: TaskView[]; next_cursor: string | null }> {
  const rows = await listTasks(deps.db, {
    userId,
    status: query.status,
    limit: query.limit,
    ...(query.cursor === undefined ? {} : { after: decodeCursor(query.cursor) }),
  });
  const page = rows.slice(0, query.limit);
  const tags = await tagsOfTasks(deps.db, page.map((r) => r.id));
  const items = page.map((row) => toTaskView(row, tags));
  const last = items.at(-1);
  return { items, next_cursor: rows.length > query.limit && last ? encodeCursor(last) : null };
}
