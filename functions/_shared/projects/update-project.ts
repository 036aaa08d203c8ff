import type { Deps } from '../deps.js';
import { setPosition } from '../db/projects.js';
import { conflict } from '../errors.js';
import type { ProjectPatch, ProjectView } from '../schemas/project.js';
import { changeProject } from './change-project.js';

/**
 * Renames, recolors, archives or unarchives a project (an admin's), and sets the caller's own place
 * for it (any member's, their own order only: no version, no event). The Inbox is never archived.
 */
export async function patchProject(
  deps: Deps,
  userId: string,
  id: string,
  patch: ProjectPatch,
  expectedVersion?: number,
): Promise<ProjectView> {
  const { position, ...shared } = patch;
  const managing = Object.keys(shared).length > 0;
  const project = await changeProject(deps, userId, id, expectedVersion, {
    action: managing ? 'manage' : 'read',
    event: 'updated',
    apply(row, w) {
      if (row.is_inbox && shared.archived) throw conflict('The Inbox cannot be archived');
      const changes: { name?: string; color?: string; archived_at?: Date | null } = {};
      if (shared.name !== undefined && shared.name !== row.name) changes.name = shared.name;
      if (shared.color !== undefined && shared.color !== row.color) changes.color = shared.color;
      if (shared.archived !== undefined && shared.archived !== (row.archived_at !== null))
        changes.archived_at = shared.archived ? w.now : null;
      return Object.keys(changes).length > 0 ? changes : null;
    },
    also: (w) =>
      position === undefined ? Promise.resolve() : setPosition(w.tx, id, userId, position),
  });
  return project!;
}
