import type { Deps } from '../deps.js';
import { acceptedRole, setRole } from '../db/projects.js';
import { badRequest, conflict, forbidden } from '../errors.js';
import type { ProjectView } from '../schemas/project.js';
import { changeProject } from './change-project.js';

/**
 * Hands a project over to another accepted member (the owner's call alone): they become its owner
 * and an admin; the previous owner stays an admin.
 */
export async function transferProject(
  deps: Deps,
  userId: string,
  id: string,
  toUserId: string,
  expectedVersion?: number,
): Promise<ProjectView> {
  const project = await changeProject(deps, userId, id, expectedVersion, {
    action: 'read',
    event: 'updated',
    async apply(row, w) {
      if (row.owner_id !== userId)
        throw forbidden('Only the owner of this project can hand it over');
      if (row.is_inbox) throw conflict('The Inbox cannot be handed over');
      if (toUserId === userId) return null;
      if ((await acceptedRole(w.tx, id, toUserId)) === null) {
        throw badRequest('The new owner must be a member of the project', [
          { path: 'user_id', message: 'must be an accepted member of the project' },
        ]);
      }
      await setRole(w.tx, id, toUserId, 'admin');
      return { owner_id: toUserId };
    },
  });
  return project!;
}
