import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type * as z from 'zod';
import { badRequest } from './errors.js';

/**
 * Opaque page cursors. A cursor carries a position and is sealed with an HMAC over the position and
 * the context it was issued for (the user and the query), so a cursor from another user or another
 * query, or one changed by hand, does not open.
 */
export interface Cursors {
  seal(position: unknown, context: unknown): string;
  /** The position, or null when the cursor was not issued by us for this context. */
  open(cursor: string, context: unknown): unknown;
}

/** JSON with object keys sorted, so equal contexts give equal bytes. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

export function createCursors(secret: string): Cursors {
  // A key of its own, derived from the service secret, so cursors and tokens never share one.
  const key = createHash('sha256').update(`ripple cursor key\u0000${secret}`).digest();
  const mac = (body: string, context: unknown) =>
    createHmac('sha256', key).update(body).update('\u0000').update(canonical(context)).digest();
  return {
    seal(position, context) {
      const body = Buffer.from(JSON.stringify(position)).toString('base64url');
      return `${body}.${mac(body, context).toString('base64url')}`;
    },
    open(cursor, context) {
      const [body, signature, extra] = cursor.split('.');
      if (!body || !signature || extra !== undefined) return null;
      const expected = mac(body, context);
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      try {
        return JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      } catch {
        return null;
      }
    },
  };
}

/**
 * The position a page cursor carries, if this API issued it for this context and it has the expected
 * shape; otherwise the request is refused with 400, the same way for every list.
 */
export function openPosition<T>(
  cursors: Cursors,
  cursor: string,
  context: unknown,
  shape: z.ZodType<T>,
): T {
  const position = shape.safeParse(cursors.open(cursor, context));
  if (!position.success)
    throw badRequest('Invalid cursor', [
      { path: 'query.cursor', message: 'is not a cursor this API returned for this query' },
    ]);
  return position.data;
}
