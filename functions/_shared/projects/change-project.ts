import type { Action } from '../access/rule.js';
import { authorize } from '../access/rule.js';
import type { Deps } from '../deps.js';
import type { ProjectRow, Role } from '../db/database.js';
import { lockProject, updateProjectRow } from '../db/projects.js';
import { notFound, preconditionFailed } from '../errors.js';
import type { ProjectEventName } from '../events/catalog.js';
import { writeWithEvents } from '../events/write-with-events.js';
import type { ProjectView } from '../schemas/project.js';
import { nextEventBy, type Writing } from '../tasks/writing.js';
import { projectEvent, toProjectCore } from './project-view.js';
import { readProject } from './read-projects.js';

type ProjectUpdate = Parameters<typeof updateProjectRow>[2];

export interface ProjectChange {
  /** What the caller's role must allow. */
  action: Action;
  /** Whether a project in the trash can be reached (only restore reaches it). */
  includeDeleted?: boolean;
  /** Checks beyond the role (the Inbox, the owner), then what to set; null when it is already as asked (no version, no event). */
  apply(
    row: ProjectRow & { role: Role },
    w: Writing,
  ): Promise<ProjectUpdate | null> | ProjectUpdate | null;
  event: ProjectEventName;
  /** Work that goes with it in its transaction, after the project's event (its tasks, the caller's own order). */
  also?(
    w: Writing,
    project: { before: ProjectRow; after: ProjectRow; changed: boolean },
  ): Promise<void>;
}

/**
 * The one path by which an existing project changes: lock it, apply the access rule and the expected
 * version, apply the change with a version bump and its event, in one transaction. Answers the
 * project as the caller now sees it, or null when it went to the trash.
 */
export async function changeProject(
  deps: Deps,
  userId: string,
  id: string,
  expectedVersion: number | undefined,
  change: ProjectChange,
): Promise<ProjectView | null> {
  return writeWithEvents(deps, async (tx, record) => {
    const current = await lockProject(tx, userId, id);
    if (!current || (current.deleted_at !== null && !change.includeDeleted))
      throw notFound('Project not found');
    authorize(current.role, change.action, 'Project');
    if (expectedVersion !== undefined && expectedVersion !== current.version) {
      throw preconditionFailed(
        `The project is at version ${current.version}, not ${expectedVersion}`,
      );
    }
    const now = deps.clock.now();
    const w: Writing = { tx, record, ids: deps.ids, now, actorId: userId };
    const changes = await change.apply(current, w);
    const row =
      changes === null
        ? current
        : await updateProjectRow(tx, id, {
            ...changes,
            updated_at: now,
            version: current.version + 1,
          });
    if (changes !== null)
      await record(await projectEvent(change.event, toProjectCore(row), nextEventBy(w)));
    await change.also?.(w, { before: current, after: row, changed: changes !== null });
    return row.deleted_at === null ? readProject(tx, userId, id, now) : null;
  });
}
