import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

// The headers hono's secureHeaders() sets by default. hono sets them on the response after the
// handler has run, which makes @hono/node-server rebuild its lightweight response as a full web
// Response on every request (measured with bench/profile.ts: most of the gap between tasks-create
// and a bare route). Set before the handler, they go into the response as it is created.
const SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'SAMEORIGIN'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
];

export function securityHeaders(): MiddlewareHandler {
  return async function securityHeaders(c, next) {
    for (const [name, value] of SECURITY_HEADERS) c.header(name, value);
    await next();
  };
}

/**
 * CORS for the given origins. Only a browser sends Origin; a request without one gets just
 * `Vary: Origin` (set before the handler, see above) and skips the CORS machinery, which also edits
 * the response after the handler.
 */
export function corsFor(origins: readonly string[]): MiddlewareHandler {
  const handle = cors({
    origin: (origin) => (origins.includes(origin) ? origin : null),
    exposeHeaders: ['ETag', 'Location', 'Retry-After', 'X-Request-Id', 'Idempotent-Replayed'],
    maxAge: 600,
  });
  return async function corsFor(c, next) {
    if (c.req.header('origin') === undefined) {
      c.header('Vary', 'Origin');
      return next();
    }
    return handle(c, next);
  };
}
