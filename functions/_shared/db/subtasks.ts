import { sql } from 'kysely';
import type { Executor, TaskRow } from './database.js';

export type ProgressByTask = Map<string, { done: number; total: number }>;

/** How many of each task's live subtasks are done, of how many; a task without any is absent. */
export async function progressOf(
  db: Executor,
  taskIds: readonly string[],
): Promise<ProgressByTask> {
  if (taskIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('tasks')
    .select('parent_id')
    .select(sql<number>`count(*) filter (where status = 'completed')::int`.as('done'))
    .select(sql<number>`count(*)::int`.as('total'))
    .where('parent_id', 'in', taskIds)
    .where('deleted_at', 'is', null)
    .groupBy('parent_id')
    .execute();
  return new Map(rows.map((r) => [r.parent_id!, { done: r.done, total: r.total }]));
}

/** A subtask's progress as a JSON object, selected alongside a task wherever tasks are listed. */
export const progressJson = sql<{
  done: number;
  total: number;
}>`(select json_build_object('done', count(*) filter (where s.status = 'completed'), 'total', count(*))
  from tasks s where s.parent_id = t.id and s.deleted_at is null)`;

/** A task's subtasks, live or in the trash, locked in id order (one order everywhere, so no deadlock). */
export async function lockSubtasks(db: Executor, parentId: string): Promise<TaskRow[]> {
  return db
    .selectFrom('tasks')
    .selectAll()
    .where('parent_id', '=', parentId)
    .orderBy('id')
    .forUpdate()
    .execute();
}
