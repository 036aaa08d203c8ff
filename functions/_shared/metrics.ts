// The parts used, each from its file: prom-client's index loads more (prom-client-parts.d.ts says what).
import Counter from 'prom-client/lib/counter.js';
import collectDefaultMetrics from 'prom-client/lib/defaultMetrics.js';
import Gauge from 'prom-client/lib/gauge.js';
import Histogram from 'prom-client/lib/histogram.js';
import Registry from 'prom-client/lib/registry.js';

/** What a consumer did with an event: its effect committed, a redelivery, not its type, refused for good, or failed (retried). */
export type ConsumedOutcome = 'processed' | 'duplicate' | 'ignored' | 'refused' | 'failed';

/** The pool's use, read at each scrape (db/connect.ts counts it). */
export interface PoolUse {
  inUse: number;
  waiting: number;
  max: number;
}

export interface Metrics {
  registry: Registry;
  observe(fn: string, method: string, status: number, seconds: number): void;
  /** Outbox rows published (`ok`) or not (`failed`), by topic. */
  published(topic: string, outcome: 'ok' | 'failed'): void;
  /** Reports the unpublished outbox rows, and the age of the oldest, at each scrape. */
  watchOutbox(count: () => Promise<number>, oldestAgeSeconds?: () => Promise<number>): void;
  /** Shows a consumer's series at 0 from the start, so that the first events are a rise Prometheus sees. */
  consumerServed(consumer: string): void;
  /** An event a consumer took, and for one it processed, the seconds from the event's time to its effect. */
  consumed(consumer: string, outcome: ConsumedOutcome, lagSeconds?: number): void;
  deadLetter(): void;
  /** A reminder sent, `seconds` after its remind_at. */
  reminderSent(latenessSeconds: number): void;
  /** A scheduled run's outcome; a success also sets the schedule's last-success time. */
  scheduleRun(schedule: string, ok: boolean, at: Date): void;
  /** An event stream (SSE) opened (+1) or closed (-1). */
  streams(delta: 1 | -1): void;
  /** A sign-in or sign-up refused 429 by the attempt limits. */
  throttled(endpoint: 'signin' | 'signup'): void;
  watchPool(use: () => PoolUse): void;
}

// A scrape must answer even when the pool is exhausted (that is when the pool's gauges matter): a
// reading from the database that takes longer is reported as NaN.
const READ_TIMEOUT_MS = 1_000;
function bounded(read: () => Promise<number>): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<number>(
    (resolve) => (timer = setTimeout(() => resolve(NaN), READ_TIMEOUT_MS)),
  );
  return Promise.race([read().catch(() => NaN), late]).finally(() => clearTimeout(timer));
}

/** A registry per app (not prom-client's global one), so several apps in one process never collide. */
export function createMetrics(options: { processMetrics: boolean }): Metrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  const labelNames = ['function', 'method', 'status'] as const;
  const requests = new Counter({
    name: 'ripple_http_requests_total',
    help: 'HTTP requests answered, by function, method and status',
    labelNames,
    registers,
  });
  const latency = new Histogram({
    name: 'ripple_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by function, method and status',
    labelNames,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const publishes = new Counter({
    name: 'ripple_events_published_total',
    help: 'Outbox rows this process tried to publish, by topic and outcome (ok, failed: left for the relay)',
    labelNames: ['topic', 'outcome'] as const,
    registers,
  });
  let outboxCount: (() => Promise<number>) | undefined;
  let outboxAge: (() => Promise<number>) | undefined;
  new Gauge({
    name: 'ripple_outbox_unpublished',
    help: 'Outbox rows not yet published (all topics), read at each scrape',
    registers,
    async collect() {
      if (outboxCount) this.set(await bounded(outboxCount));
    },
  });
  new Gauge({
    name: 'ripple_outbox_oldest_unpublished_age_seconds',
    help: 'Age of the oldest outbox row not yet published (0 when none waits), read at each scrape',
    registers,
    async collect() {
      if (outboxAge) this.set(await bounded(outboxAge));
    },
  });
  const consumed = new Counter({
    name: 'ripple_events_consumed_total',
    help: 'Events a consumer took, by consumer and outcome (processed, duplicate, ignored, refused, failed)',
    labelNames: ['consumer', 'outcome'] as const,
    registers,
  });
  const lag = new Histogram({
    name: 'ripple_event_lag_seconds',
    help: "Time from an event's creation to its effect committed by a consumer, by consumer",
    labelNames: ['consumer'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
    registers,
  });
  const deadLetters = new Counter({
    name: 'ripple_dead_letters_received_total',
    help: 'Events the eventing system could not deliver, kept as dead letters',
    registers,
  });
  const lateness = new Histogram({
    name: 'ripple_reminder_lateness_seconds',
    help: 'Time from a reminder’s remind_at to its reminder.due event',
    buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900],
    registers,
  });
  const runs = new Counter({
    name: 'ripple_schedule_runs_total',
    help: 'Scheduled runs, by schedule and outcome (ok, failed)',
    labelNames: ['schedule', 'outcome'] as const,
    registers,
  });
  const lastSuccess = new Gauge({
    name: 'ripple_schedule_last_success_timestamp_seconds',
    help: 'When a schedule last ran successfully (Unix time)',
    labelNames: ['schedule'] as const,
    registers,
  });
  const streams = new Gauge({
    name: 'ripple_event_streams_open',
    help: 'Event streams (Server-Sent Events) open now',
    registers,
  });
  const throttled = new Counter({
    name: 'ripple_auth_throttled_total',
    help: 'Sign-ins and sign-ups refused 429 by the attempt limits, by endpoint',
    labelNames: ['endpoint'] as const,
    registers,
  });
  // Shown as 0 before the first refusal, so that a rate over them is 0, not nothing.
  for (const endpoint of ['signin', 'signup']) throttled.inc({ endpoint }, 0);
  let pool: (() => PoolUse) | undefined;
  const poolGauge = (name: string, help: string, read: (use: PoolUse) => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        if (pool) this.set(read(pool()));
      },
    });
  poolGauge(
    'ripple_db_pool_connections_in_use',
    'Database connections held by a transaction now',
    (u) => u.inUse,
  );
  poolGauge(
    'ripple_db_pool_waiting',
    'Transactions waiting for a database connection now',
    (u) => u.waiting,
  );
  poolGauge('ripple_db_pool_connections_max', 'The size of the database pool', (u) => u.max);
  return {
    registry,
    published: (topic, outcome) => publishes.inc({ topic, outcome }),
    watchOutbox(count, oldestAgeSeconds) {
      outboxCount = count;
      outboxAge = oldestAgeSeconds;
    },
    observe(fn, method, status, seconds) {
      const labels = { function: fn, method, status: String(status) };
      requests.inc(labels);
      latency.observe(labels, seconds);
    },
    consumerServed(consumer) {
      lag.zero({ consumer });
      for (const outcome of ['processed', 'failed'] as const)
        consumed.inc({ consumer, outcome }, 0);
    },
    consumed(consumer, outcome, lagSeconds) {
      consumed.inc({ consumer, outcome });
      if (lagSeconds !== undefined) lag.observe({ consumer }, Math.max(0, lagSeconds));
    },
    deadLetter: () => deadLetters.inc(),
    reminderSent: (seconds) => lateness.observe(Math.max(0, seconds)),
    scheduleRun(schedule, ok, at) {
      runs.inc({ schedule, outcome: ok ? 'ok' : 'failed' });
      if (ok) lastSuccess.set({ schedule }, at.getTime() / 1000);
    },
    streams: (delta) => streams.inc(delta),
    throttled: (endpoint) => throttled.inc({ endpoint }),
    watchPool: (use) => void (pool = use),
  };
}
