import type { Executor, NewTask, TaskRow, TaskUpdate } from './database.js';

export async function insertTask(db: Executor, task: NewTask): Promise<TaskRow> {
  return db.insertInto('tasks').values(task).returningAll().executeTakeFirstOrThrow();
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

export async function findLiveTask(db: Executor, userId: string, id: string): Promise<TaskRow | undefined> {
  return db
    .selectFrom('tasks')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export interface TaskPageQuery {
  userId: string;
  status: 'pending' | 'completed' | 'all';
  limit: number;
  /** Keyset position: rows strictly after this one in (created_at desc, id desc) order. */
  after?: { createdAt: Date; id: string };
}

/** One page of live tasks, newest first, plus one extra row to tell whether another page exists. */
export async function listTasks(db: Executor, q: TaskPageQuery): Promise<TaskRow[]> {
  let query = db
    .selectFrom('tasks')
    .selectAll()
    .where('user_id', '=', q.userId)
    .where('deleted_at', 'is', null);
  if (q.status !== 'all') query = query.where('status', '=', q.status);
  if (q.after) {
    const { createdAt, id } = q.after;
    query = query.where((eb) =>
      eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)])]),
    );
  }
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit + 1).execute();
}
