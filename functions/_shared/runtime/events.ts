import type { Hono } from 'hono';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { eventRoute, pingHeaders } from '../events/catalog.js';
import { createRelay, type Relay } from '../events/outbox-relay.js';
import { publisherFromConfig } from '../events/publisher-from-config.js';
import type { ConsumerFunction, RippleFunction, ScheduledFunction } from '../function.js';
import { IN_PROCESS, type AppEnv } from '../http/env.js';
import type { Ids } from '../ids.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { countUnpublished, oldestUnpublishedAge } from '../db/outbox.js';
import type { Listener } from '../db/listen.js';
import type { Liveness } from './liveness.js';
import { createScheduleTimer, type ScheduleTimer } from './schedule-timer.js';

export interface EventRuntime {
  relay: Relay;
  /** Hands over the process's app, once built: in-process deliveries and timers go through it. */
  attach(app: Hono<AppEnv>): void;
  /** Runs the served schedules on timers (embedded mode; PingSources do it in the cluster). */
  startSchedules(): void;
  /** Stops the timers and waits for publishing in flight (for `budgetMs` at most, 1.5 s by default), then closes the publisher. */
  close(budgetMs?: number): Promise<void>;
}

export interface EventRuntimeOptions {
  config: Config;
  db: Db;
  logger: Logger;
  clock: Clock;
  ids: Ids;
  listener: Listener;
  liveness: Liveness;
  metrics?: Metrics | undefined;
  /** The functions this process serves. */
  functions: readonly RippleFunction[];
  /** Every function there is (the registry): sinks may name consumers served elsewhere. */
  catalogue: readonly RippleFunction[];
}

/** The publisher the configuration asks for, the relay over it, and the embedded timers. */
export function createEventRuntime(options: EventRuntimeOptions): EventRuntime {
  const { config, logger } = options;
  let app: Hono<AppEnv> | undefined;
  const inProcess = async (request: Request) => {
    if (!app) throw new Error('the app is not attached yet');
    return app.fetch(request, IN_PROCESS);
  };
  const isConsumer = (fn: RippleFunction): fn is ConsumerFunction => fn.kind === 'consumer';
  const publisher = publisherFromConfig({
    config,
    logger,
    consumers: options.catalogue.filter(isConsumer),
    local: options.functions.filter(isConsumer),
    inProcess,
  });
  options.metrics?.watchOutbox(
    () => countUnpublished(options.db),
    () => oldestUnpublishedAge(options.db, options.clock.now()),
  );
  const relay = createRelay({
    db: options.db,
    publisher,
    logger,
    clock: options.clock,
    metrics: options.metrics,
    retentionHours: config.EVENT_RETENTION_HOURS,
    streamRetentionHours: config.STREAM_RETENTION_HOURS,
    batchSize: config.RELAY_BATCH_SIZE,
    batchesAtOnce: config.DB_POOL_MAX - 1,
    liveness: options.liveness,
  });
  const timers: ScheduleTimer[] = [];

  function schedule(fn: ScheduledFunction, everyMs: number) {
    // Each run is a PingSource-like CloudEvent through the function's own route; a schedule may
    // answer `next_at`, the moment it wants to run again (the next reminder), sooner than the interval.
    const run = async (): Promise<number | null> => {
      const headers = pingHeaders(options.ids.next(), '/ripple/embedded-timer');
      try {
        const res = await inProcess(
          new Request(`http://in-process${eventRoute(fn.name)}`, { method: 'POST', headers }),
        );
        const body = (await res.json().catch(() => ({}))) as { next_at?: string | null };
        // Only a run that did its work is progress: one failing every time, with the database up, is stuck.
        if (res.ok) options.liveness.completed(fn.name);
        else
          logger.warn(
            { fn: fn.name, status: res.status },
            'scheduled run failed; the next run retries',
          );
        return body.next_at ? Date.parse(body.next_at) : null;
      } catch (err) {
        logger.warn({ fn: fn.name, err }, 'scheduled run failed; the next run retries');
        return null;
      }
    };
    // A run that never ends, or a timer that stops arming, fails /healthz: a restart mends both.
    options.liveness.expect(fn.name, everyMs);
    const timer = createScheduleTimer(everyMs, () => options.liveness.track(fn.name, run()));
    timers.push(timer);
    // Woken early by whatever changes its work (a new remind_at), in any process.
    if (fn.wakeOn) {
      options.listener
        .listen(fn.wakeOn, (payload) => timer.wake(Number(payload)))
        .catch((err: unknown) =>
          logger.warn(
            { err, fn: fn.name },
            'cannot listen for changes; the schedule runs on its interval',
          ),
        );
    }
  }

  return {
    relay,
    attach: (built) => void (app = built),
    startSchedules() {
      for (const fn of options.functions) {
        if (fn.kind !== 'schedule') continue;
        const everyMs = fn.embeddedEveryMs(config);
        if (everyMs > 0) schedule(fn, everyMs);
      }
      if (!publisher.handles('task-events'))
        logger.warn('no consumer of task-events is reachable: events wait in the outbox');
    },
    async close(budgetMs = 1_500) {
      // A run already started, and publishing in flight, finish before the pool closes under them, if
      // they can soon: work waiting on a database that does not answer is abandoned (each piece is one
      // transaction; what was not marked published stays in the outbox for the next process).
      const within = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());
      await Promise.all([
        Promise.race([
          Promise.allSettled(timers.map((t) => t.stop())),
          within(Math.min(1_000, budgetMs)),
        ]),
        Promise.race([relay.settled(), within(budgetMs)]),
      ]);
      await publisher.close();
    },
  };
}
