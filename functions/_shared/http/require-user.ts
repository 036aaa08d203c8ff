import type { MiddlewareHandler } from 'hono';
import type { Deps } from '../deps.js';
import { unauthorized } from '../errors.js';
import { documented } from './docs.js';
import type { AppEnv } from './env.js';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/;

/** Rejects a request without a valid bearer token (401); otherwise sets `userId`. */
export function requireUser(deps: Pick<Deps, 'tokens'>): MiddlewareHandler<AppEnv> {
  return documented(
    async function requireUser(c, next) {
      const match = BEARER.exec(c.req.header('authorization') ?? '');
      const userId = match?.[1] ? await deps.tokens.verify(match[1]) : null;
      if (!userId) throw unauthorized();
      c.set('userId', userId);
      await next();
    },
    { auth: true },
  );
}
