import { Hono } from 'hono';
import type { Deps } from '../_shared/deps.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';
import { paramsOf } from '../_shared/http/validate.js';
import { getProject } from '../_shared/projects/read-projects.js';
import { IdParam } from '../_shared/schemas/common.js';
import { Project } from '../_shared/schemas/project.js';

/** GET /api/projects/:id */
export function projectsGet(deps: Deps) {
  return new Hono<AppEnv>().get(
    '/api/projects/:id',
    describe({
      summary: 'Read a project',
      responses: {
        200: { description: 'The project', schema: Project },
        404: { description: 'No such project (or not a member)' },
      },
    }),
    requireUser(deps),
    paramsOf(IdParam),
    async (c) => {
      const project = await getProject(deps, c.var.userId, c.req.valid('param').id);
      return c.json(project, 200, { ETag: `"${project.version}"` });
    },
  );
}
