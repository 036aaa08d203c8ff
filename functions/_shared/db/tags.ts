import { sql } from 'kysely';
import type { Executor, TagRow } from './database.js';

// Distinct, readable on light and dark backgrounds; a new tag's color is picked by its name.
const PALETTE = ['#e11d48', '#ea580c', '#ca8a04', '#16a34a', '#0d9488', '#0284c7', '#4f46e5', '#9333ea', '#c026d3', '#64748b'];

export function defaultTagColor(name: string): string {
  let hash = 0;
  for (const ch of name.toLowerCase()) hash = (hash * 31 + ch.codePointAt(0)!) >>> 0;
  return PALETTE[hash % PALETTE.length]!;
}

/** The user's tags with these names (case-insensitive), creating the missing ones. */
export async function ensureTags(
  db: Executor,
  userId: string,
  names: readonly string[],
  newId: () => string,
  now: Date,
): Promise<TagRow[]> {
  if (names.length === 0) return [];
  await db
    .insertInto('tags')
    .values(names.map((name) => ({ id: newId(), user_id: userId, name, color: defaultTagColor(name), created_at: now })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  return db
    .selectFrom('tags')
    .selectAll()
    .where('user_id', '=', userId)
    .where(sql<string>`lower(name)`, 'in', names.map((n) => n.toLowerCase()))
    .execute();
}

export async function linkTags(db: Executor, taskId: string, tagIds: readonly string[]): Promise<void> {
  if (tagIds.length === 0) return;
  await db
    .insertInto('task_tags')
    .values(tagIds.map((tag_id) => ({ task_id: taskId, tag_id })))
    .execute();
}

/** Replaces a task's tags with exactly these. */
export async function setTaskTags(db: Executor, taskId: string, tagIds: readonly string[]): Promise<void> {
  await db.deleteFrom('task_tags').where('task_id', '=', taskId).execute();
  await linkTags(db, taskId, tagIds);
}

export type TagsByTask = Map<string, Pick<TagRow, 'id' | 'name' | 'color'>[]>;

/** The tags of each task, ordered by name, in one query. */
export async function tagsOfTasks(db: Executor, taskIds: readonly string[]): Promise<TagsByTask> {
  const byTask: TagsByTask = new Map(taskIds.map((id) => [id, []]));
  if (taskIds.length === 0) return byTask;
  const rows = await db
    .selectFrom('task_tags')
    .innerJoin('tags', 'tags.id', 'task_tags.tag_id')
    .select(['task_tags.task_id', 'tags.id', 'tags.name', 'tags.color'])
    .where('task_tags.task_id', 'in', taskIds)
    .orderBy(sql`lower(tags.name)`)
    .orderBy('tags.id')
    .execute();
  for (const { task_id, ...tag } of rows) byTask.get(task_id)?.push(tag);
  return byTask;
}
