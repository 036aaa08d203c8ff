import { Hono } from 'hono';
import * as z from 'zod';
import type { Deps } from '../_shared/deps.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';
import { listInvitations } from '../_shared/projects/invitations.js';
import { Member } from '../_shared/schemas/project.js';

/** GET /api/invitations */
export function invitationsList(deps: Deps) {
  return new Hono<AppEnv>().get(
    '/api/invitations',
    describe({
      summary: 'Your pending invitations to projects, newest first',
      responses: {
        200: { description: 'The invitations (status invited)', schema: z.array(Member) },
      },
    }),
    requireUser(deps),
    async (c) => c.json(await listInvitations(deps, c.var.userId)),
  );
}
