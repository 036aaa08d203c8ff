import { Hono } from 'hono';
import type { Deps } from '../_shared/deps.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';
import { headersOf, jsonBody, paramsOf } from '../_shared/http/validate.js';
import { patchProject } from '../_shared/projects/update-project.js';
import { IdParam } from '../_shared/schemas/common.js';
import { Project, ProjectIfMatchHeader, ProjectPatchBody } from '../_shared/schemas/project.js';

/** PATCH /api/projects/:id */
export function projectsUpdate(deps: Deps) {
  return new Hono<AppEnv>().patch(
    '/api/projects/:id',
    describe({
      summary:
        "Rename, recolor, archive or unarchive a project (admins), or set its place in the caller's own list (any member)",
      responses: {
        200: { description: 'The project', schema: Project },
        403: { description: 'Only an admin may change the project itself' },
        404: { description: 'No such project' },
        409: { description: 'The Inbox cannot be archived' },
        412: { description: 'Stale If-Match version' },
      },
    }),
    requireUser(deps),
    paramsOf(IdParam),
    headersOf(ProjectIfMatchHeader),
    jsonBody(ProjectPatchBody),
    async (c) => {
      const project = await patchProject(
        deps,
        c.var.userId,
        c.req.valid('param').id,
        c.req.valid('json'),
        c.req.valid('header')['if-match'],
      );
      return c.json(project, 200, { ETag: `"${project.version}"` });
    },
  );
}
