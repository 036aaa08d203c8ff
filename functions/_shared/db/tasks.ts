import { sql, type RawBuilder } from 'kysely';
import type { Priority, TaskSort } from '../schemas/task.js';
import { tagListOf } from './tags.js';
import type { Executor, NewTask, TaskRow, TaskUpdate } from './database.js';

export async function insertTask(db: Executor, task: NewTask): Promise<TaskRow> {
  return db.insertInto('tasks').values(task).returningAll().executeTakeFirstOrThrow();
}

/** The user's time zone and the task's series anchor (null when the task is gone), in one query; undefined for an unknown user. */
export async function recurrenceContext(db: Executor, userId: string, taskId: string) {
  return db
    .selectFrom('users')
    .leftJoin('tasks', (join) => join.onRef('tasks.user_id', '=', 'users.id').on('tasks.id', '=', taskId))
    .select(['users.timezone', 'tasks.recurrence_anchor'])
    .where('users.id', '=', userId)
    .executeTakeFirst();
}

/** Whether the user has the task, deleted (soft, so still there) or not. */
export async function taskExists(db: Executor, userId: string, id: string): Promise<boolean> {
  const row = await db.selectFrom('tasks').select('id').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return row !== undefined;
}

/** Inserts the next occurrence of `task.recurred_from`, unless it has one already (then undefined). */
export async function insertSuccessor(db: Executor, task: NewTask & { recurred_from: string }): Promise<TaskRow | undefined> {
  return db
    .insertInto('tasks')
    .values(task)
    .onConflict((oc) => oc.column('recurred_from').where('recurred_from', 'is not', null).doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** The occurrence that follows `taskId` in its series, whether live or deleted, locked; undefined when none was spawned. */
export async function lockSuccessor(db: Executor, taskId: string): Promise<TaskRow | undefined> {
  return db.selectFrom('tasks').selectAll().where('recurred_from', '=', taskId).forUpdate().executeTakeFirst();
}

/**
 * The user's task, locked for the rest of the transaction so concurrent changes to one task queue up
 * instead of overwriting each other. Another user's task is simply not found.
 */
export async function lockTask(db: Executor, userId: string, id: string): Promise<TaskRow | undefined> {
  return db
    .selectFrom('tasks')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateTask(db: Executor, id: string, changes: TaskUpdate): Promise<TaskRow> {
  return db.updateTable('tasks').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** The user's live task with its tags (`tag_list`), in one query. */
export async function findLiveTask(db: Executor, userId: string, id: string) {
  return db
    .selectFrom('tasks')
    .selectAll()
    .select(tagListOf(sql.ref('tasks.id')).as('tag_list'))
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export interface TaskFilter {
  userId: string;
  status: 'pending' | 'completed' | 'all';
  /** Case-insensitive substring of title or description; %, _ and \ are plain characters. */
  q?: string;
  priorities?: readonly Priority[];
  /** Tag names; a task must carry all of them. */
  tags?: readonly string[];
  dueFrom?: Date;
  dueTo?: Date;
  /** Only pending tasks due before this instant. */
  overdueAt?: Date;
}

/** Where the previous page ended: the sort key of its last row (as PostgreSQL compares it) and its id. */
export interface Position {
  key: Date | number | string | null;
  id: string;
}

export interface TaskPageQuery extends TaskFilter {
  sort: TaskSort;
  order: 'asc' | 'desc';
  limit: number;
  after?: Position;
}

const SORT_KEYS: Record<TaskSort, { expr: RawBuilder<unknown>; nullable: boolean }> = {
  created_at: { expr: sql`tasks.created_at`, nullable: false },
  updated_at: { expr: sql`tasks.updated_at`, nullable: false },
  due_at: { expr: sql`tasks.due_at`, nullable: true },
  priority: { expr: sql`tasks.priority_rank`, nullable: false },
  title: { expr: sql`lower(tasks.title) collate "C"`, nullable: false },
};

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * One page of live tasks matching every filter, in a total order (the sort key, tasks without a due
 * date last in both orders, then id), starting strictly after `after`; plus one extra row to tell
 * whether another page exists. Each row carries `sort_key`, for the next cursor.
 */
export async function listTasks(db: Executor, q: TaskPageQuery) {
  return taskListQuery(db, q).execute();
}

/** The query of listTasks, unexecuted (the benchmark explains it). */
export function taskListQuery(db: Executor, q: TaskPageQuery) {
  const { expr, nullable } = SORT_KEYS[q.sort];
  let query = db
    .selectFrom('tasks')
    .selectAll('tasks')
    .select(expr.as('sort_key'))
    // The task's tags in the same round trip.
    .select(tagListOf(sql.ref('tasks.id')).as('tag_list'))
    .where('tasks.user_id', '=', q.userId)
    .where('tasks.deleted_at', 'is', null);
  if (q.status !== 'all') query = query.where('tasks.status', '=', q.status);
  if (q.q !== undefined) {
    const pattern = likePattern(q.q);
    query = query.where(sql<boolean>`(tasks.title ilike ${pattern} escape '\\' or tasks.description ilike ${pattern} escape '\\')`);
  }
  if (q.priorities) query = query.where('tasks.priority', 'in', q.priorities);
  // One test per tag, a lookup of the task_tags key with the tag's id found once. Written as a
  // correlated count, which PostgreSQL does not turn into a join: the ordered index walk stays and
  // stops at the page's end. (As EXISTS or GROUP BY ... HAVING, the tag id is unknown when planning, the
  // tag's size is misestimated, and the whole tagged set was built and sorted: 19-24 ms vs ~1 ms.)
  for (const name of q.tags ?? []) {
    const tagId = sql`(select tags.id from tags where tags.user_id = ${q.userId} and lower(tags.name) = lower(${name}))`;
    query = query.where(sql<boolean>`(select count(*) from task_tags tt where tt.task_id = tasks.id and tt.tag_id = ${tagId}) > 0`);
  }
  if (q.dueFrom) query = query.where('tasks.due_at', '>=', q.dueFrom);
  if (q.dueTo) query = query.where('tasks.due_at', '<=', q.dueTo);
  if (q.overdueAt) query = query.where('tasks.due_at', '<', q.overdueAt).where('tasks.status', '=', 'pending');
  if (q.after) {
    const cmp = sql.raw(q.order === 'asc' ? '>' : '<');
    const { key, id } = q.after;
    if (!nullable) query = query.where(sql<boolean>`(${expr}, tasks.id) ${cmp} (${key}, ${id})`);
    else if (key === null) query = query.where(sql<boolean>`(${expr} is null and tasks.id ${cmp} ${id})`);
    else query = query.where(sql<boolean>`(${expr} is null or (${expr}, tasks.id) ${cmp} (${key}, ${id}))`);
  }
  const direction = sql.raw(q.order);
  if (nullable) query = query.orderBy(sql`${expr} is null`);
  return query
    .orderBy(sql`${expr} ${direction}`)
    .orderBy(sql`tasks.id ${direction}`)
    .limit(q.limit + 1);
}
