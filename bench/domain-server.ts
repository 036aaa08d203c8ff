// A server for bench/bisect.ts: createTask behind a bare Hono route (MODE=domain), or the tasks-create
// app without the shared server middleware (MODE=fn).
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createTokens } from '../functions/_shared/auth/tokens.js';
import { systemClock } from '../functions/_shared/clock.js';
import { loadConfig } from '../functions/_shared/config.js';
import { createCursors } from '../functions/_shared/cursors.js';
import type { Deps } from '../functions/_shared/deps.js';
import { connectDb } from '../functions/_shared/db/connect.js';
import { createBusPublisher } from '../functions/_shared/events/bus-publisher.js';
import { createRelay } from '../functions/_shared/events/outbox-relay.js';
import { createListener } from '../functions/_shared/db/listen.js';
import { uuidV7Ids } from '../functions/_shared/ids.js';
import { alwaysUp } from '../functions/_shared/db/health.js';
import { createLogger } from '../functions/_shared/logger.js';
import { createMetrics } from '../functions/_shared/metrics.js';
import { createLiveness } from '../functions/_shared/runtime/liveness.js';
import { createTask } from '../functions/_shared/tasks/create-task.js';
import { tasksCreate } from '../functions/tasks-create/index.js';
const config = loadConfig({
  LOG_LEVEL: 'silent',
  JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
});
const db = connectDb({ url: process.env.DATABASE_URL!, poolMax: 10, statementTimeoutMs: 5000 });
const logger = createLogger('silent');
// No consumer is reachable from here: events stay in the outbox, as with the bare route.
const relay = createRelay({
  db,
  publisher: createBusPublisher([], { logger }),
  logger,
  clock: systemClock,
  retentionHours: 1,
  streamRetentionHours: 1,
});
const deps: Deps = {
  config,
  db,
  dbHealth: alwaysUp,
  liveness: createLiveness({ stuckAfterMs: 60_000, stallMs: 5_000 }),
  clock: systemClock,
  ids: uuidV7Ids,
  logger,
  metrics: createMetrics({ processMetrics: false }),
  relay,
  listener: createListener(process.env.DATABASE_URL!),
  tokens: createTokens({ secret: config.JWT_SECRET!, ttlSeconds: 3600, clock: systemClock }),
  cursors: createCursors(config.JWT_SECRET!),
  stopping: new AbortController().signal,
};
const app = new Hono();
app.get('/healthz', (c) => c.json({ ok: 1 }));
if (process.env.MODE === 'fn') app.route('/', tasksCreate(deps));
else
  app.post('/api/tasks', async (c) =>
    c.json(
      await createTask(deps, process.env.BENCH_USER_ID!, {
        title: (await c.req.json()).title,
        priority: 'high',
        tags: [],
      }),
      201,
    ),
  );
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' });
