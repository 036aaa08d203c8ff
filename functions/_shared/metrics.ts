import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  observe(fn: string, method: string, status: number, seconds: number): void;
  /** Outbox rows published (`ok`) or not (`failed`), by topic. */
  published(topic: string, outcome: 'ok' | 'failed'): void;
  /** Reports the unpublished outbox rows at each scrape, read by `count`. */
  watchOutbox(count: () => Promise<number>): void;
}

/** A registry per app (not prom-client's global one), so several apps in one process never collide. */
export function createMetrics(options: { processMetrics: boolean }): Metrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  const labelNames = ['function', 'method', 'status'] as const;
  const requests = new Counter({
    name: 'ripple_http_requests_total',
    help: 'HTTP requests answered, by function, method and status',
    labelNames,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'ripple_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by function, method and status',
    labelNames,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const publishes = new Counter({
    name: 'ripple_events_published_total',
    help: 'Outbox rows this process tried to publish, by topic and outcome (ok, failed: left for the relay)',
    labelNames: ['topic', 'outcome'] as const,
    registers: [registry],
  });
  let outboxCount: (() => Promise<number>) | undefined;
  new Gauge({
    name: 'ripple_outbox_unpublished',
    help: 'Outbox rows not yet published (all topics), read at each scrape',
    registers: [registry],
    async collect() {
      if (outboxCount) this.set(await outboxCount().catch(() => NaN));
    },
  });
  return {
    registry,
    published: (topic, outcome) => publishes.inc({ topic, outcome }),
    watchOutbox: (count) => void (outboxCount = count),
    observe(fn, method, status, seconds) {
      const labels = { function: fn, method, status: String(status) };
      requests.inc(labels);
      latency.observe(labels, seconds);
    },
  };
}
