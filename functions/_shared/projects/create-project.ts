import type { Deps } from '../deps.js';
import { insertOwnerMembership, insertProject } from '../db/projects.js';
import { writeWithEvents } from '../events/write-with-events.js';
import type { ProjectCreate, ProjectView } from '../schemas/project.js';
import { projectEvent, toProjectCore } from './project-view.js';
import { readProject } from './read-projects.js';

export const DEFAULT_PROJECT_COLOR = '#2563eb';

/** A new project: the caller owns it and is its first admin, and it goes last in their list. */
export async function createProject(
  deps: Deps,
  userId: string,
  input: ProjectCreate,
): Promise<ProjectView> {
  return writeWithEvents(deps, async (tx, record) => {
    const now = deps.clock.now();
    const row = await insertProject(tx, {
      id: deps.ids.next(),
      owner_id: userId,
      name: input.name,
      color: input.color ?? DEFAULT_PROJECT_COLOR,
      created_at: now,
      updated_at: now,
    });
    await insertOwnerMembership(tx, row.id, userId, now);
    await record(
      await projectEvent('created', toProjectCore(row), {
        actorId: userId,
        eventId: deps.ids.next(),
        at: now,
      }),
    );
    return readProject(tx, userId, row.id, now);
  });
}
