import { Hono } from 'hono';
import type { Deps } from '../_shared/deps.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';
import { paramsOf } from '../_shared/http/validate.js';
import { removeMember } from '../_shared/projects/sharing.js';
import { MemberParams } from '../_shared/schemas/member.js';

/** DELETE /api/projects/:id/members/:userId */
export function membersRemove(deps: Deps) {
  return new Hono<AppEnv>().delete(
    '/api/projects/:id/members/:userId',
    describe({
      summary:
        'Remove a member or cancel an invitation (admins), or leave (your own id); access ends at once and their tasks there are unassigned',
      responses: {
        204: { description: 'Removed' },
        403: { description: 'Only an admin may remove someone else' },
        404: { description: 'No such project or member' },
        409: { description: 'The owner cannot leave or be removed: hand the project over first' },
      },
    }),
    requireUser(deps),
    paramsOf(MemberParams),
    async (c) => {
      const { id, userId } = c.req.valid('param');
      await removeMember(deps, c.var.userId, id, userId);
      return c.body(null, 204);
    },
  );
}
