import type { Deps } from '../deps.js';
import { conflict } from '../errors.js';
import type { ProjectView } from '../schemas/project.js';
import { restoreProjectTasks, trashProjectTasks } from '../tasks/project-tasks.js';
import { changeProject } from './change-project.js';

/** Moves a project to the trash (an admin's; never the Inbox), its live tasks and their subtasks with it. */
export async function deleteProject(
  deps: Deps,
  userId: string,
  id: string,
  expectedVersion?: number,
): Promise<void> {
  await changeProject(deps, userId, id, expectedVersion, {
    action: 'manage',
    event: 'deleted',
    apply(row, w) {
      if (row.is_inbox) throw conflict('The Inbox cannot be deleted');
      return { deleted_at: w.now };
    },
    also: async (w) => void (await trashProjectTasks(w, id)),
  });
}

/** Brings a project back from the trash with exactly the tasks its deletion took; a live project stays as it is. */
export async function restoreProject(
  deps: Deps,
  userId: string,
  id: string,
  expectedVersion?: number,
): Promise<ProjectView> {
  const project = await changeProject(deps, userId, id, expectedVersion, {
    action: 'manage',
    includeDeleted: true,
    event: 'restored',
    apply: (row) => (row.deleted_at === null ? null : { deleted_at: null }),
    also: async (w, project) => void (project.changed && (await restoreProjectTasks(w, id))),
  });
  return project!;
}
