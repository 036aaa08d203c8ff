import type { MiddlewareHandler } from 'hono';
import { ACCESS_TOKEN, authenticateAccessToken, READ_ONLY_DETAIL } from '../auth/access-tokens.js';
import type { Deps } from '../deps.js';
import { forbidden, unauthorized } from '../errors.js';
import { documented } from './docs.js';
import type { AppEnv, Principal } from './env.js';

export type { Principal } from './env.js';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/;
const BEARER_ACCESS_TOKEN = /^Bearer (rpl_\S+)$/;
const READS = new Set(['GET', 'HEAD']);

/**
 * The principal of a request's bearer credential, or null without a valid session token. A personal
 * access token (`rpl_…`) that was revoked or has expired is a 401 of its own, saying which.
 */
export async function bearerUser(
  deps: Pick<Deps, 'tokens' | 'db' | 'clock'>,
  authorization: string | undefined,
): Promise<Principal | null> {
  const header = authorization ?? '';
  const accessToken = BEARER_ACCESS_TOKEN.exec(header)?.[1];
  if (accessToken !== undefined) {
    if (!ACCESS_TOKEN.test(accessToken))
      throw unauthorized('This access token is not valid: it was revoked or never issued');
    return { ...(await authenticateAccessToken(deps, accessToken)), via: 'access-token' };
  }
  const token = BEARER.exec(header)?.[1];
  const userId = token ? await deps.tokens.verify(token) : null;
  return userId ? { userId, scope: 'read+write', via: 'session' } : null;
}

/** The session (sign-in) a request's valid bearer token was issued for, or null. */
export async function bearerSession(
  deps: Pick<Deps, 'tokens'>,
  authorization: string | undefined,
): Promise<string | null> {
  const token = BEARER.exec(authorization ?? '')?.[1];
  return token ? deps.tokens.sessionOf(token) : null;
}

/**
 * Rejects a request without a valid bearer credential (401), and a change asked with a read-only
 * access token (403); otherwise sets `userId` and `principal`. `changes: false` marks a POST that
 * changes nothing (opening a stream), which a read-only token may make.
 */
export function requireUser(
  deps: Pick<Deps, 'tokens' | 'db' | 'clock'>,
  options: { changes?: boolean } = {},
): MiddlewareHandler<AppEnv> {
  return documented(
    async function requireUser(c, next) {
      const principal = await bearerUser(deps, c.req.header('authorization'));
      if (!principal) throw unauthorized();
      if (principal.scope === 'read' && !READS.has(c.req.method) && options.changes !== false)
        throw forbidden(READ_ONLY_DETAIL);
      c.set('userId', principal.userId);
      c.set('principal', principal);
      await next();
    },
    { auth: true },
  );
}
