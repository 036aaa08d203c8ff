import { Hono } from 'hono';
import * as z from 'zod';
import type { Deps } from '../_shared/deps.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';
import { paramsOf } from '../_shared/http/validate.js';
import { listMembers } from '../_shared/projects/sharing.js';
import { IdParam } from '../_shared/schemas/common.js';
import { Member } from '../_shared/schemas/project.js';

/** GET /api/projects/:id/members */
export function membersList(deps: Deps) {
  return new Hono<AppEnv>().get(
    '/api/projects/:id/members',
    describe({
      summary: 'A project’s members and pending invitations (any member may look)',
      responses: {
        200: { description: 'Accepted members first, then invitations', schema: z.array(Member) },
        404: { description: 'No such project, or not a member of it' },
      },
    }),
    requireUser(deps),
    paramsOf(IdParam),
    async (c) => c.json(await listMembers(deps, c.var.userId, c.req.valid('param').id)),
  );
}
