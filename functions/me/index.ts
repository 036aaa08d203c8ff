import { Hono } from 'hono';
import { getMe, patchMe } from '../_shared/accounts/accounts.js';
import type { Deps } from '../_shared/deps.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';
import { jsonBody } from '../_shared/http/validate.js';
import { MePatchBody, User } from '../_shared/schemas/user.js';

/** GET and PATCH /api/me: the signed-in user's profile. */
export function me(deps: Deps) {
  const signedIn = requireUser(deps);
  return new Hono<AppEnv>()
    .get(
      '/api/me',
      describe({
        summary: 'The signed-in user',
        responses: { 200: { description: 'The user', schema: User } },
      }),
      signedIn,
      async (c) => c.json(await getMe(deps, c.var.userId)),
    )
    .patch(
      '/api/me',
      describe({
        summary: 'Change name or time zone',
        responses: { 200: { description: 'The user', schema: User } },
      }),
      signedIn,
      jsonBody(MePatchBody),
      async (c) => c.json(await patchMe(deps, c.var.userId, c.req.valid('json'))),
    );
}
