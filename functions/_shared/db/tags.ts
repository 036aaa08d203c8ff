import { sql } from 'kysely';
import { readableProjects } from './access.js';
import type { Executor, TagRow } from './database.js';

// Distinct colors for new tags (the UI picks black or white text for contrast on each).
const PALETTE = [
  '#e11d48',
  '#ea580c',
  '#ca8a04',
  '#16a34a',
  '#0d9488',
  '#0284c7',
  '#4f46e5',
  '#9333ea',
  '#c026d3',
  '#64748b',
];

/**
 * A new tag's color: the palette color the user's tags use least, so that two tags share one only
 * once all ten are taken; among equally used ones, the one the name points at (stable for a name).
 */
export function defaultTagColor(name: string, inUse: readonly string[] = []): string {
  let hash = 0;
  for (const ch of name.toLowerCase()) hash = (hash * 31 + ch.codePointAt(0)!) >>> 0;
  const uses = (color: string) => inUse.filter((c) => c.toLowerCase() === color).length;
  const order = PALETTE.map((_, i) => PALETTE[(hash + i) % PALETTE.length]!);
  return order.reduce((best, color) => (uses(color) < uses(best) ? color : best));
}

/** The colors of the user's tags. */
export async function tagColorsInUse(db: Executor, userId: string): Promise<string[]> {
  return (await db.selectFrom('tags').select('color').where('user_id', '=', userId).execute()).map(
    (r) => r.color,
  );
}

/**
 * The user's tags with these names (case-insensitive), creating the missing ones. Where every name is a
 * tag already (the usual case), one statement: the user's tags, those named marked.
 */
export async function ensureTags(
  db: Executor,
  userId: string,
  names: readonly string[],
  newId: () => string,
  now: Date,
): Promise<TagRow[]> {
  if (names.length === 0) return [];
  const isNamed = sql<boolean>`lower(name) in (${sql.join(names.map((n) => n.toLowerCase()))})`;
  const existing = await db
    .selectFrom('tags')
    .selectAll()
    .select(isNamed.as('named'))
    .where('user_id', '=', userId)
    .execute();
  const known = new Set(existing.map((t) => t.name.toLowerCase()));
  const inUse = existing.map((t) => t.color);
  const values = names
    .filter((name) => !known.has(name.toLowerCase()))
    .map((name) => {
      const color = defaultTagColor(name, inUse);
      inUse.push(color);
      return { id: newId(), user_id: userId, name, color, created_at: now };
    });
  if (values.length === 0)
    return existing.filter((t) => t.named).map(({ named: _, ...tag }) => tag);
  await db
    .insertInto('tags')
    .values(values)
    .onConflict((oc) => oc.doNothing())
    .execute();
  return db.selectFrom('tags').selectAll().where('user_id', '=', userId).where(isNamed).execute();
}

export async function linkTags(
  db: Executor,
  taskId: string,
  tagIds: readonly string[],
): Promise<void> {
  if (tagIds.length === 0) return;
  await db
    .insertInto('task_tags')
    .values(tagIds.map((tag_id) => ({ task_id: taskId, tag_id })))
    .execute();
}

/** Those of these tag ids that still name a tag (whoever's: a shared task carries its members' tags). */
export async function existingTagIds(db: Executor, tagIds: readonly string[]): Promise<string[]> {
  if (tagIds.length === 0) return [];
  const rows = await db.selectFrom('tags').select('id').where('id', 'in', tagIds).execute();
  return rows.map((r) => r.id);
}

/** Replaces a task's tags with exactly these. */
export async function setTaskTags(
  db: Executor,
  taskId: string,
  tagIds: readonly string[],
): Promise<void> {
  await db.deleteFrom('task_tags').where('task_id', '=', taskId).execute();
  await linkTags(db, taskId, tagIds);
}

export type TagRef = Pick<TagRow, 'id' | 'name' | 'color'>;
export type TagsByTask = Map<string, TagRef[]>;

/**
 * The tags of each task as shown (ordered by name, then id), in one query: each task's `tag_list`, which
 * PostgreSQL's triggers keep at the end of every statement that links, unlinks, renames or recolours
 * (`ripple_tag_list`, the one definition, in the migration 2026-12-03T0000-task-tag-list).
 */
export async function tagsOfTasks(db: Executor, taskIds: readonly string[]): Promise<TagsByTask> {
  if (taskIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('tasks')
    .select(['tasks.id', 'tasks.tag_list'])
    .where('tasks.id', 'in', taskIds)
    .execute();
  return new Map(rows.map((r) => [r.id, r.tag_list]));
}

/** The projects whose live tasks a tag's task_count counts: those its owner can read, archived ones too. */
const countedProjects = (db: Executor, userId: string) =>
  readableProjects(db, userId, { archived: true });

/** The user's tags, by name, each with the number of live (not deleted) tasks they can see carrying it. */
export async function listTagsWithCounts(db: Executor, userId: string) {
  return db
    .selectFrom('tags')
    .leftJoin('task_tags', 'task_tags.tag_id', 'tags.id')
    .leftJoin('tasks', (join) =>
      join
        .onRef('tasks.id', '=', 'task_tags.task_id')
        .on('tasks.deleted_at', 'is', null)
        .on('tasks.project_id', 'in', countedProjects(db, userId)),
    )
    .select(['tags.id', 'tags.name', 'tags.color'])
    .select((eb) => eb.fn.count<string>('tasks.id').as('task_count'))
    .where('tags.user_id', '=', userId)
    .groupBy('tags.id')
    .orderBy(sql`lower(tags.name)`)
    .orderBy('tags.id')
    .execute();
}

/** Inserts the tag, or returns undefined when the user has a tag of that name in any case. */
export async function insertTag(
  db: Executor,
  tag: { id: string; user_id: string; name: string; color: string; created_at: Date },
) {
  return db
    .insertInto('tags')
    .values(tag)
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
}

/**
 * The user's tag, locked. A rename or recolor takes a no-key lock, which does not wait for tasks being
 * linked to the tag (their foreign-key check takes a key-share lock); a delete takes a full one.
 */
export async function lockTag(
  db: Executor,
  userId: string,
  id: string,
  mode: 'edit' | 'delete',
): Promise<TagRow | undefined> {
  const query = db
    .selectFrom('tags')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', userId);
  return (mode === 'edit' ? query.forNoKeyUpdate() : query.forUpdate()).executeTakeFirst();
}

export async function updateTagRow(
  db: Executor,
  id: string,
  changes: Partial<Pick<TagRow, 'name' | 'color'>>,
): Promise<TagRow> {
  return db
    .updateTable('tags')
    .set(changes)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteTagRow(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('tags').where('id', '=', id).execute();
}

/**
 * Every live task carrying a tag, locked in id order (one order everywhere, so no deadlock): a rename
 * or deletion of the tag changes what each of them shows, whoever may write to it now (its owner may
 * have become a viewer of the task's project since tagging it), so each is announced as changed.
 * `readable`: whether the tag's owner can still see it, as the tag's task_count counts.
 */
export async function lockTasksWithTag(
  db: Executor,
  userId: string,
  tagId: string,
): Promise<{ id: string; readable: boolean }[]> {
  const rows = await db
    .selectFrom('tasks')
    .innerJoin('task_tags', 'task_tags.task_id', 'tasks.id')
    .select('tasks.id')
    .select((eb) => eb('tasks.project_id', 'in', countedProjects(db, userId)).as('readable'))
    .where('task_tags.tag_id', '=', tagId)
    .where('tasks.deleted_at', 'is', null)
    .orderBy('tasks.id')
    .forUpdate(['tasks'])
    .execute();
  return rows.map((r) => ({ id: r.id, readable: Boolean(r.readable) }));
}
