import { Hono, type MiddlewareHandler } from 'hono';
import {
  createAccessToken,
  listAccessTokenViews,
  revokeAccessToken,
} from '../_shared/auth/access-tokens.js';
import type { Deps } from '../_shared/deps.js';
import { forbidden } from '../_shared/errors.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';
import { jsonBody, paramsOf } from '../_shared/http/validate.js';
import {
  AccessToken,
  AccessTokenCreateBody,
  CreatedAccessToken,
} from '../_shared/schemas/access-token.js';
import { IdParam } from '../_shared/schemas/common.js';
import * as z from 'zod';

/** Tokens are managed by a signed-in person, never by a token: one that leaks cannot make itself more. */
const sessionOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.var.principal.via !== 'session')
    throw forbidden('Access tokens are managed from a signed-in session, not with an access token');
  await next();
};

/**
 * Personal access tokens: long-lived `Authorization: Bearer rpl_…` credentials for agents (MCP) and
 * scripts, each `read` or `read+write`, optionally expiring; the secret is shown once, at creation.
 */
export function accessTokens(deps: Deps) {
  const signedIn = requireUser(deps);
  return new Hono<AppEnv>()
    .get(
      '/api/tokens',
      describe({
        summary: 'My personal access tokens, newest first (never their secrets)',
        responses: { 200: { description: 'Tokens', schema: z.array(AccessToken) } },
      }),
      signedIn,
      sessionOnly,
      async (c) => c.json(await listAccessTokenViews(deps, c.var.userId)),
    )
    .post(
      '/api/tokens',
      describe({
        summary: 'Create a personal access token; its secret is in this answer only',
        responses: {
          201: { description: 'The token and its secret', schema: CreatedAccessToken },
          409: { description: 'Too many tokens' },
        },
      }),
      signedIn,
      sessionOnly,
      jsonBody(AccessTokenCreateBody),
      async (c) => c.json(await createAccessToken(deps, c.var.userId, c.req.valid('json')), 201),
    )
    .delete(
      '/api/tokens/:id',
      describe({
        summary: 'Revoke a token: it answers 401 from the next request on',
        responses: { 204: { description: 'Revoked' }, 404: { description: 'No such token' } },
      }),
      signedIn,
      sessionOnly,
      paramsOf(IdParam),
      async (c) => {
        await revokeAccessToken(deps, c.var.userId, c.req.valid('param').id);
        return c.body(null, 204);
      },
    );
}
