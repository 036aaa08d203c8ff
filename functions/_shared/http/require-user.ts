import type { MiddlewareHandler } from 'hono';
import type { Deps } from '../deps.js';
import { unauthorized } from '../errors.js';
import { documented } from './docs.js';
import type { AppEnv } from './env.js';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/;

/** The user of a request's bearer token, or null without a valid one. */
export async function bearerUser(deps: Pick<Deps, 'tokens'>, authorization: string | undefined): Promise<string | null> {
  const token = BEARER.exec(authorization ?? '')?.[1];
  return token ? deps.tokens.verify(token) : null;
}

/** The session (sign-in) a request's valid bearer token was issued for, or null. */
export async function bearerSession(deps: Pick<Deps, 'tokens'>, authorization: string | undefined): Promise<string | null> {
  const token = BEARER.exec(authorization ?? '')?.[1];
  return token ? deps.tokens.sessionOf(token) : null;
}

/** Rejects a request without a valid bearer token (401); otherwise sets `userId`. */
export function requireUser(deps: Pick<Deps, 'tokens'>): MiddlewareHandler<AppEnv> {
  return documented(
    async function requireUser(c, next) {
      const userId = await bearerUser(deps, c.req.header('authorization'));
      if (!userId) throw unauthorized();
      c.set('userId', userId);
      await next();
    },
    { auth: true },
  );
}
