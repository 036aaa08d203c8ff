import type { Deps } from '../deps.js';
import type { Executor } from '../db/database.js';
import { listProjectRows } from '../db/projects.js';
import { notFound } from '../errors.js';
import type { ProjectView } from '../schemas/project.js';
import { toProjectView } from './project-view.js';

/** The caller's projects, in their own order; archived ones only when asked. */
export async function listProjects(
  deps: Deps,
  userId: string,
  options: { archived: boolean },
): Promise<ProjectView[]> {
  const rows = await listProjectRows(deps.db, {
    userId,
    now: deps.clock.now(),
    archived: options.archived,
  });
  return rows.map(toProjectView);
}

/** One project as the caller sees it; 404 unless they are an accepted member of it and it is not in the trash. */
export async function readProject(
  db: Executor,
  userId: string,
  id: string,
  now: Date,
): Promise<ProjectView> {
  const [row] = await listProjectRows(db, { userId, now, projectId: id });
  if (!row) throw notFound('Project not found');
  return toProjectView(row);
}

export const getProject = (deps: Deps, userId: string, id: string) =>
  readProject(deps.db, userId, id, deps.clock.now());
