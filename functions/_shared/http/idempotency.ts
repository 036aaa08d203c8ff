import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { Deps } from '../deps.js';
import { findAnswer, saveAnswer, storeAnswer } from '../db/idempotency-keys.js';
import { Problem } from '../errors.js';
import { KeyTaken, keyedRequests, type KeyedRequest } from '../events/keyed-request.js';
import type { AppEnv } from './env.js';
import { problemResponse } from './problem-response.js';
import { bearerUser } from './require-user.js';

const CHANGES = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
// Their answers carry credentials, which are not to be kept; retrying them is safe as it is (another
// session, or a 409 for an email already signed up). A password change's body is credentials too: not
// even its fingerprint is kept (a retry after it went through says the current password is wrong).
// Quick add's parse changes nothing: a write to keep its answer on every pause in typing would be the
// only write it makes. A chat answer is a stream, and its tools' changes are each their own: a retried
// message is recognised by its conversation instead (functions/chat).
const NOT_KEPT = /^\/api\/(auth\/|stream\/token$|me\/password$|tasks\/parse$|chat$)/;
const KEPT_HEADERS = ['content-type', 'etag', 'location'];
const KEY_LIFETIME_MS = 24 * 3_600_000;

/** The key: a structured-field string (`"…"`, as the IETF draft has it), or the same characters bare. */
function parseKey(raw: string): string | null {
  const value = raw.trim();
  const quoted = /^"((?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\])*)"$/.exec(value);
  const key = quoted
    ? quoted[1]!.replace(/\\(["\\])/g, '$1')
    : /^[\x21-\x7e]+$/.test(value) && !value.includes('"')
      ? value
      : null;
  return key && key.length <= 255 ? key : null;
}

async function fingerprint(c: Context<AppEnv>): Promise<string> {
  const url = new URL(c.req.url);
  const body =
    c.req.method === 'DELETE' && !c.req.header('content-length')
      ? new ArrayBuffer(0)
      : await c.req.arrayBuffer();
  return createHash('sha256')
    .update(`${c.req.method} ${url.pathname}${url.search}\n`)
    .update(new Uint8Array(body))
    .digest('hex');
}

function replay(stored: {
  status: number;
  headers: Record<string, string>;
  body: string;
}): Response {
  return new Response(stored.status === 204 ? null : stored.body, {
    status: stored.status,
    headers: { ...stored.headers, 'Idempotent-Replayed': 'true' },
  });
}

/**
 * `Idempotency-Key` on a change (IETF httpapi draft): the first answer is stored with the change, in
 * its transaction; a retry with the same key and request gets that answer and changes nothing again;
 * the same key with another request is refused (422). Only successful answers are kept: a refused
 * change changed nothing, and is simply decided again. Keys last 24 hours, per user.
 */
export function idempotency(deps: Deps): MiddlewareHandler<AppEnv> {
  return async function idempotency(c, next) {
    const raw = c.req.header('idempotency-key');
    if (raw === undefined || !CHANGES.has(c.req.method) || NOT_KEPT.test(c.req.path)) return next();
    const key = parseKey(raw);
    if (!key) {
      throw new Problem(400, {
        title: 'Bad Request',
        detail: 'Invalid Idempotency-Key',
        errors: [
          {
            path: 'Idempotency-Key',
            message: 'must be a quoted string of 1 to 255 printable characters',
          },
        ],
      });
    }
    // Keys belong to a user; without one, the function answers 401 as it would.
    const userId = (await bearerUser(deps, c.req.header('authorization')))?.userId;
    if (!userId) return next();

    const now = deps.clock.now();
    const keyed: KeyedRequest = {
      userId,
      key,
      fingerprint: await fingerprint(c),
      now,
      since: new Date(now.getTime() - KEY_LIFETIME_MS),
      written: [],
    };
    const earlier = async () => {
      const stored = await findAnswer(deps.db, keyed, keyed.since);
      if (!stored) return null;
      if (stored.fingerprint !== keyed.fingerprint) {
        return problemResponse(
          c,
          new Problem(422, {
            title: 'Unprocessable Content',
            detail: 'This Idempotency-Key was used for another request',
          }),
        );
      }
      return replay(stored);
    };
    const answered = await earlier();
    if (answered) return void (c.res = answered);

    try {
      await keyedRequests.run(keyed, next);
    } finally {
      // Whatever happened, the transaction does not stay open.
      if (keyed.trx && (c.error || c.res.status >= 300))
        await keyed.trx
          .rollback()
          .execute()
          .catch(() => {});
    }
    if (c.error instanceof KeyTaken) {
      const theirs = await earlier();
      c.error = undefined;
      // Its answer, or the 409 already rendered: that request is still running.
      if (theirs) c.res = theirs;
      return;
    }
    if (c.error || c.res.status >= 300) return;
    const answer = {
      status: c.res.status,
      headers: Object.fromEntries(
        KEPT_HEADERS.flatMap((h) => (c.res.headers.has(h) ? [[h, c.res.headers.get(h)!]] : [])),
      ),
      body: await c.res.clone().text(),
    };
    const trx = keyed.trx;
    if (!trx) {
      // A change made without a transaction of its own (marking a notification read): kept apart.
      await storeAnswer(deps.db, keyed, {
        ...answer,
        fingerprint: keyed.fingerprint,
        now,
        since: keyed.since,
      });
      return;
    }
    try {
      await saveAnswer(trx, keyed, answer);
      await trx.commit().execute();
    } catch (err) {
      await trx
        .rollback()
        .execute()
        .catch(() => {});
      throw err;
    }
    deps.relay.publishSoon(keyed.written);
  };
}
