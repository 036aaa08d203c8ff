import { Hono } from 'hono';
import type { Deps } from '../_shared/deps.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';
import { paramsOf } from '../_shared/http/validate.js';
import {
  acceptProjectInvitation,
  declineProjectInvitation,
} from '../_shared/projects/invitations.js';
import { ProjectIdParam } from '../_shared/schemas/member.js';
import { Project } from '../_shared/schemas/project.js';

const NONE = { description: 'No pending invitation to that project' };

/** POST /api/invitations/:projectId/accept and /decline */
export function invitationsRespond(deps: Deps) {
  return new Hono<AppEnv>()
    .post(
      '/api/invitations/:projectId/accept',
      describe({
        summary:
          'Accept an invitation: the project is yours to see (and change, by your role) at once',
        responses: { 200: { description: 'The project', schema: Project }, 404: NONE },
      }),
      requireUser(deps),
      paramsOf(ProjectIdParam),
      async (c) =>
        c.json(await acceptProjectInvitation(deps, c.var.userId, c.req.valid('param').projectId)),
    )
    .post(
      '/api/invitations/:projectId/decline',
      describe({
        summary: 'Decline an invitation',
        responses: { 204: { description: 'Declined' }, 404: NONE },
      }),
      requireUser(deps),
      paramsOf(ProjectIdParam),
      async (c) => {
        await declineProjectInvitation(deps, c.var.userId, c.req.valid('param').projectId);
        return c.body(null, 204);
      },
    );
}
