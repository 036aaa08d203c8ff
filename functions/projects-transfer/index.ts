import { Hono } from 'hono';
import type { Deps } from '../_shared/deps.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';
import { headersOf, jsonBody, paramsOf } from '../_shared/http/validate.js';
import { transferProject } from '../_shared/projects/transfer-project.js';
import { IdParam } from '../_shared/schemas/common.js';
import { Project, ProjectIfMatchHeader, ProjectOwnerBody } from '../_shared/schemas/project.js';

/** POST /api/projects/:id/owner */
export function projectsTransfer(deps: Deps) {
  return new Hono<AppEnv>().post(
    '/api/projects/:id/owner',
    describe({
      summary:
        'Hand a project over to another member (the owner only); the previous owner stays an admin',
      responses: {
        200: { description: 'The project', schema: Project },
        400: { description: 'The new owner is not an accepted member' },
        403: { description: 'Only the owner may hand the project over' },
        404: { description: 'No such project' },
        409: { description: 'The Inbox cannot be handed over' },
      },
    }),
    requireUser(deps),
    paramsOf(IdParam),
    headersOf(ProjectIfMatchHeader),
    jsonBody(ProjectOwnerBody),
    async (c) => {
      const project = await transferProject(
        deps,
        c.var.userId,
        c.req.valid('param').id,
        c.req.valid('json').user_id,
        c.req.valid('header')['if-match'],
      );
      return c.json(project, 200, { ETag: `"${project.version}"` });
    },
  );
}
