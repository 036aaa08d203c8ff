import type { MiddlewareHandler } from 'hono';
import { bodyLimit as countingBodyLimit } from 'hono/body-limit';
import { Problem } from '../errors.js';

const NO_BODY = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * 413 for a body over `maxBytes`. With a Content-Length (what clients send) the header decides and the
 * body is never touched, so @hono/node-server keeps its fast path: hono's bodyLimit reads
 * `req.raw.body`, which makes node-server build a full web Request and stream for every request
 * (measured: most of the per-request CPU that separated tasks-create from a bare route). A body of
 * unknown length (chunked) is counted while it is read, by hono's bodyLimit.
 */
export function bodyLimit(maxBytes: number): MiddlewareHandler {
  const tooLarge = () => {
    throw new Problem(413, {
      title: 'Content Too Large',
      detail: `The body must be at most ${maxBytes} bytes`,
    });
  };
  const counting = countingBodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async function bodyLimit(c, next) {
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (!/^\d+$/.test(length) || Number(length) > maxBytes) tooLarge();
      return next();
    }
    if (NO_BODY.has(c.req.method)) return next();
    return counting(c, next);
  };
}
