import type { Hono } from 'hono';
import { createTokens } from '../auth/tokens.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { createCursors } from '../cursors.js';
import type { Db } from '../db/database.js';
import { alwaysUp, type DbHealth } from '../db/health.js';
import { createListener } from '../db/listen.js';
import type { Deps } from '../deps.js';
import type { RippleFunction } from '../function.js';
import type { AppEnv } from '../http/env.js';
import { createServerApp } from '../http/server-app.js';
import type { Ids } from '../ids.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { createEventRuntime, type EventRuntime } from './events.js';
import { createLiveness } from './liveness.js';

export interface WireOptions {
  config: Config;
  db: Db;
  /** The circuit `db` reports to; none (never down) if unset. */
  dbHealth?: DbHealth | undefined;
  databaseUrl: string;
  jwtSecret: string;
  logger: Logger;
  clock: Clock;
  ids: Ids;
  metrics: Metrics;
  /** The functions this process serves, and every function there is (the registry). */
  functions: readonly RippleFunction[];
  catalogue: readonly RippleFunction[];
  ready?: Promise<void>;
  eventsFromNetwork: boolean;
  /** The built web UI to serve at `/`, if this process serves it. */
  webRoot?: string | undefined;
}

export interface Wired {
  deps: Deps;
  app: Hono<AppEnv>;
  events: EventRuntime;
  /** Ends what never ends by itself (event streams): the first step of a shutdown. */
  stop(): void;
  /** Stops the schedules, waits for publishing in flight (`budgetMs` at most), closes the LISTEN connection (not the pool). */
  close(budgetMs?: number): Promise<void>;
}

/** The ports a process hands its functions, and the app serving them: one wiring for every mode and for tests. */
export function wireApp(o: WireOptions): Wired {
  const listener = createListener(o.databaseUrl);
  const dbHealth = o.dbHealth ?? alwaysUp;
  const liveness = createLiveness({
    stuckAfterMs: o.config.LIVENESS_TIMEOUT_SECONDS * 1000,
    stallMs: o.config.EVENT_LOOP_STALL_MS,
    excused: () => dbHealth.down,
  });
  const events = createEventRuntime({
    config: o.config,
    db: o.db,
    logger: o.logger,
    clock: o.clock,
    ids: o.ids,
    listener,
    liveness,
    metrics: o.metrics,
    functions: o.functions,
    catalogue: o.catalogue,
  });
  const stopping = new AbortController();
  const deps: Deps = {
    config: o.config,
    db: o.db,
    dbHealth,
    liveness,
    logger: o.logger,
    metrics: o.metrics,
    clock: o.clock,
    ids: o.ids,
    tokens: createTokens({
      secret: o.jwtSecret,
      ttlSeconds: o.config.JWT_TTL_SECONDS,
      clock: o.clock,
    }),
    cursors: createCursors(o.jwtSecret),
    relay: events.relay,
    listener,
    stopping: stopping.signal,
  };
  const app = createServerApp(deps, {
    functions: o.functions,
    ready: o.ready,
    eventsFromNetwork: o.eventsFromNetwork,
    webRoot: o.webRoot,
  });
  events.attach(app);
  return {
    deps,
    app,
    events,
    stop: () => stopping.abort(),
    async close(budgetMs) {
      stopping.abort();
      await events.close(budgetMs);
      await listener.close();
      liveness.close();
    },
  };
}
