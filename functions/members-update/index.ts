import { Hono } from 'hono';
import type { Deps } from '../_shared/deps.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';
import { jsonBody, paramsOf } from '../_shared/http/validate.js';
import { changeMemberRole } from '../_shared/projects/sharing.js';
import { MemberParams, MemberPatchBody } from '../_shared/schemas/member.js';
import { Member } from '../_shared/schemas/project.js';

/** PATCH /api/projects/:id/members/:userId */
export function membersUpdate(deps: Deps) {
  return new Hono<AppEnv>().patch(
    '/api/projects/:id/members/:userId',
    describe({
      summary: 'Change a member’s (or an invitation’s) role (admins)',
      responses: {
        200: { description: 'The membership', schema: Member },
        403: { description: 'Only an admin of the project may change roles' },
        404: { description: 'No such project or member' },
        409: { description: 'The owner stays an admin' },
      },
    }),
    requireUser(deps),
    paramsOf(MemberParams),
    jsonBody(MemberPatchBody),
    async (c) => {
      const { id, userId } = c.req.valid('param');
      return c.json(
        await changeMemberRole(deps, c.var.userId, id, userId, c.req.valid('json').role),
      );
    },
  );
}
