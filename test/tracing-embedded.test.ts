import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTracing, tracingOn, type Tracing } from '../functions/_shared/tracing.js';
import { signedInClient } from './support/client.js';
import { SPAN_KIND, startOtlpReceiver } from './support/otlp-receiver.js';
import { useTestApp } from './support/test-app.js';

// The embedded wiring (every function in one app, the bus delivering in-process), traced as the cluster
// is: the same spans, the same context in each CloudEvent. And with tracing off, events carry none.

const env = useTestApp();
let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
let tracing: Tracing | undefined;
beforeAll(async () => void (receiver = await startOtlpReceiver()));
afterAll(async () => {
  await tracing?.shutdown();
  await receiver?.close();
});
const eventsOf = (taskId: string) =>
  env.db.db.selectFrom('outbox').select('event').where('partition_key', '=', taskId).execute();

describe('tracing in embedded mode', () => {
  it('is off without an endpoint: nothing is loaded and events carry no trace context', async () => {
    expect(await startTracing('ripple', {})).toBeUndefined();
    expect(tracingOn()).toBe(false);
    const user = await signedInClient(env.t.app);
    const task = (await user.post('/api/tasks', { title: 'Untraced' })).body;
    const [row] = await eventsOf(task.id);
    expect(Object.keys(row!.event).filter((k) => k.startsWith('trace'))).toEqual([]);
  });

  it('gives a created task one trace through the in-process bus, each event carrying its context', async () => {
    tracing = await startTracing('ripple', {
      OTEL_EXPORTER_OTLP_ENDPOINT: `${receiver.url}/`,
      OTEL_BSP_SCHEDULE_DELAY: '50',
    });
    expect(tracingOn()).toBe(true);
    const user = await signedInClient(env.t.app);
    const traceId = randomBytes(16).toString('hex');
    const task = (
      await user.post(
        '/api/tasks',
        { title: 'Traced' },
        { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
      )
    ).body;
    await env.t.settled();
    const names = [
      'POST tasks-create',
      'outbox write',
      'publish task-events',
      'POST audit-writer',
      'audit-writer process',
      'POST stream-writer',
      'stream-writer process',
    ];
    const trace = () => receiver.spans.filter((s) => s.traceId === traceId);
    await expect
      .poll(() => names.filter((n) => !trace().some((s) => s.name === n)), { timeout: 10_000 })
      .toEqual([]);
    const span = (name: string) => trace().find((s) => s.name === name)!;
    expect(span('publish task-events')).toMatchObject({
      kind: SPAN_KIND.producer,
      parentSpanId: span('outbox write').spanId,
      service: 'ripple',
    });
    expect(span('audit-writer process').parentSpanId).toBe(span('POST audit-writer').spanId);
    expect(span('POST audit-writer').parentSpanId).toBe(span('publish task-events').spanId);
    // The stored event carries the outbox write's context: the relay continues from there, whenever it runs.
    const [row] = await eventsOf(task.id);
    expect(row!.event.traceparent).toBe(`00-${traceId}-${span('outbox write').spanId}-01`);
    expect([...receiver.requests]).toEqual(['POST /v1/traces application/json']);
  });
});
