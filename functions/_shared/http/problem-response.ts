import { STATUS_CODES } from 'node:http';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { Problem } from '../errors.js';
import type { AppEnv } from './env.js';

// PostgreSQL conditions that pass: a cancelled or timed-out statement, a shutdown, too many clients,
// serialization failure, deadlock. The client may retry them.
const TRANSIENT_SQLSTATE = new Set([
  '57014',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '40001',
  '40P01',
  '55P03',
]);
const TRANSIENT_NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'EPIPE',
]);

/** A failure that may pass by itself (the database restarting, busy, or deadlocked): answered 503. */
export function isTransient(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (TRANSIENT_SQLSTATE.has(code) || TRANSIENT_NETWORK.has(code));
}

export function toProblem(err: unknown): Problem | null {
  if (err instanceof Problem) return err;
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    return new Problem(status, {
      title: STATUS_CODES[status] ?? 'Error',
      detail: err.message || undefined,
    });
  }
  if (isTransient(err)) {
    return new Problem(503, {
      title: 'Service Unavailable',
      detail: 'The database is unavailable or busy; try again shortly',
      headers: { 'Retry-After': '1' },
    });
  }
  return null;
}

export function problemResponse(c: Context, problem: Problem): Response {
  return c.body(JSON.stringify(problem.toJSON()), problem.status as ContentfulStatusCode, {
    ...problem.headers,
    'Content-Type': 'application/problem+json',
  });
}

/** The one error handler: expected errors as problem+json; anything else logged and answered 500 without internals. */
export function onError(err: Error, c: Context<AppEnv>): Response {
  const problem = toProblem(err);
  if (problem) {
    if (problem.status >= 500) c.var.log?.warn({ err }, 'request failed: %s', problem.title);
    return problemResponse(c, problem);
  }
  c.var.log?.error({ err }, 'unhandled error');
  return problemResponse(
    c,
    new Problem(500, {
      title: 'Internal Server Error',
      detail: `Request ${c.var.requestId ?? ''} failed`,
    }),
  );
}
