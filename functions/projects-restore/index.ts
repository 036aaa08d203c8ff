import { Hono } from 'hono';
import type { Deps } from '../_shared/deps.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';
import { paramsOf } from '../_shared/http/validate.js';
import { restoreProject } from '../_shared/projects/trash-project.js';
import { IdParam } from '../_shared/schemas/common.js';
import { Project } from '../_shared/schemas/project.js';

/** POST /api/projects/:id/restore */
export function projectsRestore(deps: Deps) {
  return new Hono<AppEnv>().post(
    '/api/projects/:id/restore',
    describe({
      summary: 'Bring a project back from the trash with the tasks its deletion took (admins)',
      responses: {
        200: { description: 'The project', schema: Project },
        403: { description: 'Only an admin may restore the project' },
        404: { description: 'No such project' },
      },
    }),
    requireUser(deps),
    paramsOf(IdParam),
    async (c) => {
      const project = await restoreProject(deps, c.var.userId, c.req.valid('param').id);
      return c.json(project, 200, { ETag: `"${project.version}"` });
    },
  );
}
