import { Hono } from 'hono';
import { signUp } from '../_shared/accounts/accounts.js';
import type { Deps } from '../_shared/deps.js';
import { clientOf } from '../_shared/http/client-ip.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { jsonBody } from '../_shared/http/validate.js';
import { Session, SignupBody } from '../_shared/schemas/user.js';

/** POST /api/auth/signup: creates an account and answers a session for it. */
export function authSignup(deps: Deps) {
  return new Hono<AppEnv>().post(
    '/api/auth/signup',
    describe({
      summary: 'Create an account',
      responses: {
        201: { description: 'Signed up', schema: Session },
        409: { description: 'Email taken' },
        429: { description: 'Too many sign-ups from this address' },
      },
    }),
    jsonBody(SignupBody),
    async (c) =>
      c.json(
        await signUp(deps, c.req.valid('json'), clientOf(c, deps.config.TRUST_PROXY_HOPS)),
        201,
      ),
  );
}
