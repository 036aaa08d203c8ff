import { Hono } from 'hono';
import type { Deps } from '../_shared/deps.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';
import { queryOf } from '../_shared/http/validate.js';
import { listProjects } from '../_shared/projects/read-projects.js';
import { ProjectList, ProjectListQuery } from '../_shared/schemas/project.js';

/** GET /api/projects */
export function projectsList(deps: Deps) {
  return new Hono<AppEnv>().get(
    '/api/projects',
    describe({
      summary:
        "The caller's projects in their own order, with open, overdue and member counts (archived ones with ?archived=true)",
      responses: { 200: { description: 'The projects', schema: ProjectList } },
    }),
    requireUser(deps),
    queryOf(ProjectListQuery),
    async (c) =>
      c.json(
        await listProjects(deps, c.var.userId, {
          archived: c.req.valid('query').archived === 'true',
        }),
      ),
  );
}
