import { Hono } from 'hono';
import { endOtherSessions, endSessionOf, listSessions } from '../_shared/accounts/sessions.js';
import type { Deps } from '../_shared/deps.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { bearerSession, requireUser } from '../_shared/http/require-user.js';
import { paramsOf } from '../_shared/http/validate.js';
import { IdParam } from '../_shared/schemas/common.js';
import { AccountSessions } from '../_shared/schemas/user.js';

/**
 * GET /api/sessions: the account's sign-ins, the asking one marked `current`.
 * DELETE /api/sessions/:id: signs that one out; DELETE /api/sessions: every one but the asking one.
 * A signed-out session's refresh token stops working at once; its access token lives out its minutes.
 */
export function sessions(deps: Deps) {
  const signedIn = requireUser(deps);
  const current = (authorization: string | undefined) => bearerSession(deps, authorization);
  return new Hono<AppEnv>()
    .get(
      '/api/sessions',
      describe({
        summary: "The account's sessions",
        responses: {
          200: { description: 'Live sessions, most recently used first', schema: AccountSessions },
        },
      }),
      signedIn,
      async (c) =>
        c.json({
          items: await listSessions(
            deps,
            c.var.userId,
            await current(c.req.header('authorization')),
          ),
        }),
    )
    .delete(
      '/api/sessions',
      describe({
        summary: 'Sign out every other session',
        responses: { 204: { description: 'Every session but this one is signed out' } },
      }),
      signedIn,
      async (c) => {
        await endOtherSessions(deps, c.var.userId, await current(c.req.header('authorization')));
        return c.body(null, 204);
      },
    )
    .delete(
      '/api/sessions/:id',
      describe({
        summary: 'Sign out one session',
        responses: {
          204: { description: 'Signed out' },
          404: { description: 'No such live session of yours' },
        },
      }),
      signedIn,
      paramsOf(IdParam),
      async (c) => {
        await endSessionOf(deps, c.var.userId, c.req.valid('param').id);
        return c.body(null, 204);
      },
    );
}
