import { spawn, type ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { connectDb } from './_shared/db/connect.js';
import { migrateToLatest } from './_shared/db/migrate.js';
import { withVapidKeys } from './_shared/channels/vapid-keys.js';
import { persistentSecret, startEmbeddedPostgres, type EmbeddedDb } from './_shared/db/embedded.js';
import { eventRoute, pingHeaders } from './_shared/events/catalog.js';
import type { RippleFunction } from './_shared/function.js';
import { guardClientErrors } from './_shared/http/client-errors.js';
import { drainable } from './_shared/http/drain.js';
import { createGateway } from './_shared/http/gateway.js';
import { webUi } from './_shared/http/web-ui.js';
import { createLogger } from './_shared/logger.js';
import { freePorts } from './_shared/runtime/ports.js';
import { configOrExit, onShutdown } from './_shared/runtime/start.js';
import { registry } from './registry.js';

// Multi-process mode: every function in its own Node process on its own port, as Knative runs them
// (`node dist/serve.js <name>`), with the bus delivering events over real HTTP to the consumers'
// ports, a gateway on $PORT routing the API as the cluster's ingress does, and a timer posting the
// outbox relay's schedule as a PingSource would. A function that dies is started again, on its port.
// RIPPLE_FUNCTIONS=a,b,c runs only those.

const config = configOrExit();
const logger = createLogger(config.LOG_LEVEL);
const dataDir = path.resolve(config.RIPPLE_DATA_DIR);
const wanted = (process.env.RIPPLE_FUNCTIONS ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const unknown = wanted.filter((name) => !registry.some((fn) => fn.name === name));
if (unknown.length > 0) {
  logger.fatal(
    `RIPPLE_FUNCTIONS: unknown ${unknown.join(', ')}; functions are: ${registry.map((fn) => fn.name).join(', ')}`,
  );
  process.exit(2);
}
const functions = wanted.length > 0 ? registry.filter((fn) => wanted.includes(fn.name)) : registry;

interface Running {
  fn: RippleFunction;
  url: string;
  child?: ChildProcess;
}

let embedded: EmbeddedDb | undefined;
let stopping = false;
const running: Running[] = [];

function start(entry: Running, env: NodeJS.ProcessEnv) {
  // A restart that was due when shutdown began would leave a child behind, holding its port.
  if (stopping) return;
  const child = spawn(
    process.execPath,
    [path.join(import.meta.dirname, 'serve.js'), entry.fn.name],
    { env, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  entry.child = child;
  logger.info({ fn: entry.fn.name, pid: child.pid, functionUrl: entry.url }, 'function started');
  child.once('exit', (code, signal) => {
    if (stopping) return;
    logger.warn({ fn: entry.fn.name, code, signal }, 'function exited; starting it again');
    setTimeout(() => start(entry, env), 250).unref();
  });
}

/** Each function ready, and answering on its own port (not some other process that holds it). */
async function readyAll(deadline = Date.now() + 60_000) {
  for (const entry of running) {
    for (;;) {
      const answer = await fetch(`${entry.url}/readyz`).then(
        async (r) => (r.ok ? ((await r.json()) as { functions?: string[] }) : undefined),
        () => undefined,
      );
      if (answer?.functions?.includes(entry.fn.name)) break;
      if (answer)
        throw new Error(
          `${entry.fn.name}'s port ${entry.url} is answered by ${answer.functions?.join(', ') ?? 'another server'}`,
        );
      if (Date.now() > deadline) throw new Error(`${entry.fn.name} did not become ready`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

try {
  if (!config.DATABASE_URL)
    embedded = await startEmbeddedPostgres(
      dataDir,
      () => {},
      (message) => logger.warn(message),
    );
  const databaseUrl = config.DATABASE_URL ?? embedded!.url;
  const db = connectDb({ url: databaseUrl, poolMax: 1, statementTimeoutMs: 60_000 });
  await migrateToLatest(db).finally(() => db.destroy());

  const ports = await freePorts(functions.length);
  functions.forEach((fn, i) => running.push({ fn, url: `http://127.0.0.1:${ports[i]}` }));
  const sinks = running.filter((r) => r.fn.kind === 'consumer').map((r) => `${r.fn.name}=${r.url}`);
  const jwtSecret = config.JWT_SECRET ?? (await persistentSecret(dataDir, 'jwt-secret'));
  const vapid = await withVapidKeys(config, dataDir);
  for (const entry of running) {
    start(entry, {
      ...process.env,
      PORT: new URL(entry.url).port,
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      JWT_SECRET: jwtSecret,
      VAPID_PUBLIC_KEY: vapid.VAPID_PUBLIC_KEY,
      VAPID_PRIVATE_KEY: vapid.VAPID_PRIVATE_KEY,
      RIPPLE_MIGRATE: 'false',
      PUBLISHER: 'bus',
      EVENT_SINKS: sinks.join(','),
      DB_POOL_MAX: String(Math.max(2, Math.floor(config.DB_POOL_MAX / 2))),
      // A child's shutdown ends within the launcher's own, which waits for it and then stops PostgreSQL.
      SHUTDOWN_GRACE_SECONDS: String(Math.max(1, config.SHUTDOWN_GRACE_SECONDS - 3)),
    });
  }
  await readyAll();
} catch (err) {
  stopping = true;
  for (const entry of running) entry.child?.kill('SIGTERM');
  await embedded?.stop().catch(() => {});
  logger.fatal({ err }, `Ripple (multi-process) could not start: ${(err as Error).message}`);
  process.exit(1);
}

// The gateway: each API route to the process that serves it; and the UI, as the bucket serves it in the cluster.
const gatewayStopping = new AbortController();
const gateway = createGateway(
  running.map((entry) => entry.fn),
  (fn) => running.find((entry) => entry.fn === fn)!.url,
  gatewayStopping.signal,
);
gateway.route('/', webUi(path.resolve(import.meta.dirname, '../web/dist')));
const server = serve(
  { fetch: gateway.fetch, port: config.PORT, hostname: config.HOST ?? '127.0.0.1' },
  (info) =>
    logger.info(
      { gateway: `http://localhost:${info.port}`, functions: running.length },
      `Ripple (multi-process) is running at http://localhost:${info.port}`,
    ),
);
guardClientErrors(server as Server, config);
const drainGateway = drainable(server as Server, () => gatewayStopping.abort());

// The PingSources: each schedule as a CloudEvent over HTTP, at its embedded interval.
const pings = running.flatMap((entry) => {
  const fn = entry.fn;
  if (fn.kind !== 'schedule' || fn.embeddedEveryMs(config) <= 0) return [];
  return [
    setInterval(
      () => {
        const headers = pingHeaders(crypto.randomUUID(), '/ripple/multi');
        fetch(`${entry.url}${eventRoute(fn.name)}`, { method: 'POST', headers }).then(
          (r) => r.body?.cancel(),
          () => {},
        );
      },
      Math.max(100, fn.embeddedEveryMs(config)),
    ),
  ];
});

onShutdown(logger, config.SHUTDOWN_GRACE_SECONDS, async () => {
  stopping = true;
  for (const ping of pings) clearInterval(ping);
  // Requests in flight through the gateway finish, and its event streams end; then each function
  // process drains its own work (deliveries, the outbox flush) on its SIGTERM.
  await drainGateway();
  await Promise.all(
    running.map(
      (entry) =>
        new Promise<void>((resolve) => {
          // Gone already (a child killed by a signal has a signalCode and no exitCode).
          if (!entry.child || entry.child.exitCode !== null || entry.child.signalCode !== null)
            return resolve();
          entry.child.once('exit', () => resolve());
          entry.child.kill('SIGTERM');
        }),
    ),
  );
  await embedded?.stop();
});
