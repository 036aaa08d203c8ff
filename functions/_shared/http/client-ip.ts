import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { Client } from '../accounts/accounts.js';

/**
 * The address a request came from, for per-client limits. With `trustedHops` proxies in front (each
 * appending what it saw to X-Forwarded-For), it is the entry that many from the right: entries left
 * of it were written by the client and prove nothing. Without proxies, the connection's address.
 */
export function clientIp(c: Context, trustedHops: number): string {
  if (trustedHops > 0) {
    const entries = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    const entry = entries[Math.max(0, entries.length - trustedHops)];
    if (entry) return entry;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // Not a Node HTTP connection (a request made in process): one shared bucket.
    return 'unknown';
  }
}

/** The address and user agent of a request, kept with the session it starts or renews. */
export const clientOf = (c: Context, trustedHops: number): Client => ({
  ip: clientIp(c, trustedHops),
  userAgent: c.req.header('user-agent'),
});
