import { Hono } from 'hono';
import type { Deps } from '../_shared/deps.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';
import { headersOf, paramsOf } from '../_shared/http/validate.js';
import { deleteProject } from '../_shared/projects/trash-project.js';
import { IdParam } from '../_shared/schemas/common.js';
import { ProjectIfMatchHeader } from '../_shared/schemas/project.js';

/** DELETE /api/projects/:id */
export function projectsDelete(deps: Deps) {
  return new Hono<AppEnv>().delete(
    '/api/projects/:id',
    describe({
      summary: 'Move a project to the trash with its tasks (admins)',
      responses: {
        204: { description: 'In the trash, with its tasks' },
        403: { description: 'Only an admin may delete the project' },
        404: { description: 'No such project' },
        409: { description: 'The Inbox cannot be deleted' },
        412: { description: 'Stale If-Match version' },
      },
    }),
    requireUser(deps),
    paramsOf(IdParam),
    headersOf(ProjectIfMatchHeader),
    async (c) => {
      await deleteProject(
        deps,
        c.var.userId,
        c.req.valid('param').id,
        c.req.valid('header')['if-match'],
      );
      return c.body(null, 204);
    },
  );
}
