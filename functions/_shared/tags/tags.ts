import type { Deps } from '../deps.js';
import type { TagRow } from '../db/database.js';
import {
  defaultTagColor,
  deleteTagRow,
  insertTag,
  listTagsWithCounts,
  lockTag,
  lockTasksWithTag,
  tagColorsInUse,
  updateTagRow,
} from '../db/tags.js';
import { conflict, notFound } from '../errors.js';
import type { TagPatch, TagView } from '../schemas/tag.js';
import { writeWithEvents } from '../events/write-with-events.js';
import { announceTaskUpdates } from '../tasks/announce-updates.js';

const UNIQUE_VIOLATION = '23505';
const nameTaken = (name: string) => conflict(`A tag named "${name}" already exists`);

export async function listTags(deps: Deps, userId: string): Promise<TagView[]> {
  const rows = await listTagsWithCounts(deps.db, userId);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    color: r.color,
    task_count: Number(r.task_count),
  }));
}

/** A tag, in a transaction of the change's own (with an Idempotency-Key, the one its answer commits in). */
export async function createTag(
  deps: Deps,
  userId: string,
  input: { name: string; color?: string | undefined },
): Promise<TagView> {
  return writeWithEvents(deps, async (tx) => {
    const row = await insertTag(tx, {
      id: deps.ids.next(),
      user_id: userId,
      name: input.name,
      color: input.color ?? defaultTagColor(input.name, await tagColorsInUse(tx, userId)),
      created_at: deps.clock.now(),
    });
    if (!row) throw nameTaken(input.name);
    return { id: row.id, name: row.name, color: row.color, task_count: 0 };
  });
}

/** Renames or recolors a tag; every live task carrying it changes with it, and says so. */
export async function editTag(
  deps: Deps,
  userId: string,
  id: string,
  patch: TagPatch,
): Promise<TagView> {
  return writeWithEvents(deps, async (tx, record) => {
    const tag = await lockTag(tx, userId, id, 'edit');
    if (!tag) throw notFound('Tag not found');
    const changes: Partial<Pick<TagRow, 'name' | 'color'>> = {};
    if (patch.name !== undefined && patch.name !== tag.name) changes.name = patch.name;
    if (patch.color !== undefined && patch.color !== tag.color) changes.color = patch.color;
    const tasks = await lockTasksWithTag(tx, userId, id);
    const taskCount = tasks.filter((t) => t.readable).length;
    if (Object.keys(changes).length === 0)
      return { id, name: tag.name, color: tag.color, task_count: taskCount };
    const row = await updateTagRow(tx, id, changes).catch((err: unknown) => {
      throw (err as { code?: string }).code === UNIQUE_VIOLATION
        ? nameTaken(changes.name ?? tag.name)
        : err;
    });
    await announceTaskUpdates(
      { tx, record, ids: deps.ids, now: deps.clock.now(), actorId: userId },
      tasks.map((t) => t.id),
    );
    return { id, name: row.name, color: row.color, task_count: taskCount };
  });
}

/** Deletes a tag; its tasks stay, without it, and each says so. */
export async function removeTag(deps: Deps, userId: string, id: string): Promise<void> {
  await writeWithEvents(deps, async (tx, record) => {
    if (!(await lockTag(tx, userId, id, 'delete'))) throw notFound('Tag not found');
    const tasks = await lockTasksWithTag(tx, userId, id);
    await deleteTagRow(tx, id);
    await announceTaskUpdates(
      { tx, record, ids: deps.ids, now: deps.clock.now(), actorId: userId },
      tasks.map((t) => t.id),
    );
  });
}
