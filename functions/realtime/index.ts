import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { STREAM_TOKEN_TTL_SECONDS } from '../_shared/auth/tokens.js';
import type { Deps } from '../_shared/deps.js';
import { Problem, tooManyRequests, unauthorized } from '../_shared/errors.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';
import { headersOf, queryOf } from '../_shared/http/validate.js';
import { Hub } from '../_shared/realtime/hub.js';
import { streamHead } from '../_shared/db/stream.js';
import { StreamHeaders, StreamQuery, StreamToken } from '../_shared/schemas/stream.js';

const HEARTBEAT_MS = 15_000;
const MAX_QUEUE = 1_000;

/**
 * GET /api/stream: Server-Sent Events of the user's task changes (`event: task`) and notifications
 * (`event: notification`), each with its `id`. EventSource cannot send headers, so it opens with a
 * one-minute token from POST /api/stream/token. A reconnect with Last-Event-ID replays what the tab
 * missed, then goes live; with none, it starts now.
 */
export function realtime(deps: Deps) {
  let hub: Hub | undefined;
  const hubOf = () => {
    if (hub) return hub;
    hub = new Hub(deps, { perUser: deps.config.STREAM_MAX_PER_USER, maxQueue: MAX_QUEUE });
    // Streams never end by themselves: a stopping process ends them, or it could not close its server.
    deps.stopping.addEventListener('abort', () => hub?.closeAll(), { once: true });
    return hub;
  };

  return new Hono<AppEnv>()
    .post(
      '/api/stream/token',
      describe({
        summary: 'A one-minute token that opens GET /api/stream',
        responses: { 200: { description: 'The token', schema: StreamToken } },
      }),
      requireUser(deps, { changes: false }),
      async (c) =>
        c.json({
          token: await deps.tokens.stream.issue(c.var.userId),
          expires_in: STREAM_TOKEN_TTL_SECONDS,
        }),
    )
    .get(
      '/api/stream',
      describe({
        summary: 'Server-Sent Events: task changes and notifications, resumable with Last-Event-ID',
        responses: { 200: { description: 'text/event-stream' } },
      }),
      queryOf(StreamQuery),
      headersOf(StreamHeaders),
      async (c) => {
        const query = c.req.valid('query');
        if (deps.stopping.aborted)
          throw new Problem(503, {
            title: 'Service Unavailable',
            detail: 'Shutting down',
            headers: { 'Retry-After': '1' },
          });
        const userId = await deps.tokens.stream.verify(query.token);
        if (!userId) throw unauthorized('A valid stream token is required: POST /api/stream/token');
        const hub = hubOf();
        await hub.start();
        const resumeFrom = c.req.valid('header')['last-event-id'] ?? query.last_event_id;
        const from = Number(resumeFrom ?? (await streamHead(deps.db, userId)));
        const tab = hub.open(userId, from);
        if (!tab)
          throw tooManyRequests(
            `At most ${deps.config.STREAM_MAX_PER_USER} open streams per user`,
            5,
          );
        // What the tab missed (or nothing, when it asked for none), then whatever comes.
        hub.refresh(userId);
        return streamSSE(
          c,
          async (stream) => {
            stream.onAbort(() => hub.close(tab));
            await stream.writeSSE({
              event: 'ready',
              data: JSON.stringify({ last_event_id: String(from) }),
              retry: 2000,
            });
            while (!tab.closed && !stream.aborted) {
              await tab.wait(HEARTBEAT_MS);
              if (tab.queue.length === 0) {
                if (!tab.closed) await stream.write(': heartbeat\n\n');
                continue;
              }
              for (const entry of tab.queue.splice(0))
                await stream.writeSSE({
                  id: entry.seq,
                  event: entry.kind,
                  data: JSON.stringify(entry.data),
                });
            }
            hub.close(tab);
          },
          async (err, stream) => {
            c.var.log.warn({ err }, 'event stream ended by an error');
            hub.close(tab);
            await stream.close();
          },
        );
      },
    );
}
