import { Hono } from 'hono';
import { endSession, refreshSession } from '../_shared/accounts/accounts.js';
import type { Deps } from '../_shared/deps.js';
import { clientOf } from '../_shared/http/client-ip.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { jsonBody } from '../_shared/http/validate.js';
import { RefreshBody, Session } from '../_shared/schemas/user.js';

/**
 * POST /api/auth/refresh: a new token pair for a refresh token, which is used up.
 * POST /api/auth/signout: ends the session the refresh token belongs to, on every device it reached.
 */
export function authSession(deps: Deps) {
  return new Hono<AppEnv>()
    .post(
      '/api/auth/refresh',
      describe({
        summary: 'Renew a session',
        responses: {
          200: { description: 'A new access token and refresh token', schema: Session },
          401: { description: 'The refresh token is unknown, expired, used or revoked' },
        },
      }),
      jsonBody(RefreshBody),
      // With the request's logger: a revocation's warning carries the request id.
      async (c) =>
        c.json(
          await refreshSession(
            { ...deps, logger: c.var.log },
            c.req.valid('json').refresh_token,
            clientOf(c, deps.config.TRUST_PROXY_HOPS),
          ),
        ),
    )
    .post(
      '/api/auth/signout',
      describe({
        summary: 'Sign out',
        responses: {
          204: { description: 'The session is over (also for a token that was not live)' },
        },
      }),
      jsonBody(RefreshBody),
      async (c) => {
        await endSession(deps, c.req.valid('json').refresh_token);
        return c.body(null, 204);
      },
    );
}
