import { Hono } from 'hono';
import type { Deps } from '../_shared/deps.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';
import { jsonBody } from '../_shared/http/validate.js';
import { createProject } from '../_shared/projects/create-project.js';
import { Project, ProjectCreateBody } from '../_shared/schemas/project.js';

/** POST /api/projects */
export function projectsCreate(deps: Deps) {
  return new Hono<AppEnv>().post(
    '/api/projects',
    describe({
      summary: 'Create a project; the caller owns it and is its admin',
      responses: { 201: { description: 'The project', schema: Project } },
    }),
    requireUser(deps),
    jsonBody(ProjectCreateBody),
    async (c) => {
      const project = await createProject(deps, c.var.userId, c.req.valid('json'));
      return c.json(project, 201, { ETag: `"${project.version}"` });
    },
  );
}
