import { Hono } from 'hono';
import { changePassword } from '../_shared/accounts/sessions.js';
import type { Deps } from '../_shared/deps.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { bearerSession, requireUser } from '../_shared/http/require-user.js';
import { jsonBody } from '../_shared/http/validate.js';
import { PasswordChangeBody } from '../_shared/schemas/user.js';

/** POST /api/me/password: a new password, given the current one; every other session is signed out. */
export function mePassword(deps: Deps) {
  return new Hono<AppEnv>().post(
    '/api/me/password',
    describe({
      summary: 'Change the password',
      responses: {
        204: { description: 'Changed; every session but this one is signed out' },
        400: {
          description: 'The current password is wrong, or the new one is too weak or the same',
        },
        429: { description: 'Too many wrong current passwords: wait `Retry-After` seconds' },
      },
    }),
    requireUser(deps),
    jsonBody(PasswordChangeBody),
    async (c) => {
      await changePassword(
        deps,
        c.var.userId,
        await bearerSession(deps, c.req.header('authorization')),
        c.req.valid('json'),
      );
      return c.body(null, 204);
    },
  );
}
