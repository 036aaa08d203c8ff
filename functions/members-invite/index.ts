import { Hono } from 'hono';
import type { Deps } from '../_shared/deps.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';
import { jsonBody, paramsOf } from '../_shared/http/validate.js';
import { inviteMember } from '../_shared/projects/sharing.js';
import { IdParam } from '../_shared/schemas/common.js';
import { InviteBody } from '../_shared/schemas/member.js';
import { Member } from '../_shared/schemas/project.js';

/** POST /api/projects/:id/members */
export function membersInvite(deps: Deps) {
  return new Hono<AppEnv>().post(
    '/api/projects/:id/members',
    describe({
      summary:
        'Share a project: invite an account by email with a role (admins); they are notified and must accept',
      responses: {
        201: { description: 'The invitation (status invited)', schema: Member },
        400: { description: 'Invalid body, or no account has that email (errors[].path email)' },
        403: { description: 'Only an admin of the project may invite' },
        404: { description: 'No such project, or not a member of it' },
        409: { description: 'Already a member or invited, or the project is an Inbox' },
      },
    }),
    requireUser(deps),
    paramsOf(IdParam),
    jsonBody(InviteBody),
    async (c) =>
      c.json(
        await inviteMember(deps, c.var.userId, c.req.valid('param').id, c.req.valid('json')),
        201,
      ),
  );
}
