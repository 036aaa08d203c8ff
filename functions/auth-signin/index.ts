import { Hono } from 'hono';
import { signIn } from '../_shared/accounts/accounts.js';
import type { Deps } from '../_shared/deps.js';
import { clientOf } from '../_shared/http/client-ip.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { jsonBody } from '../_shared/http/validate.js';
import { Session, SigninBody } from '../_shared/schemas/user.js';

/** POST /api/auth/signin: exchanges email and password for a bearer token. */
export function authSignin(deps: Deps) {
  return new Hono<AppEnv>().post(
    '/api/auth/signin',
    describe({
      summary: 'Sign in',
      responses: {
        200: { description: 'Signed in', schema: Session },
        401: { description: 'Wrong email or password' },
        429: { description: 'Too many failed attempts for this email, or from this address' },
      },
    }),
    jsonBody(SigninBody),
    async (c) => {
      const { email, password } = c.req.valid('json');
      return c.json(await signIn(deps, email, password, clientOf(c, deps.config.TRUST_PROXY_HOPS)));
    },
  );
}
