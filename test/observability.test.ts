import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { registry } from '../functions/registry.js';
import { binaryEvent } from './support/events.js';
import {
  SPAN_KIND as KIND,
  startOtlpReceiver,
  type ReceivedSpan as Span,
} from './support/otlp-receiver.js';
import { http, startProcess, type Started } from './support/process.js';
import { startPrometheus } from './support/prometheus.js';

// Multi-process mode, every function its own process and events over HTTP between them, as the
// cluster runs them: exporting traces to an OTLP/HTTP receiver of the test's own, and scraped by a real
// Prometheus (Debian's) with the alerting rules loaded. One launch for both: it is the slow part.

const MONITORING = path.resolve(import.meta.dirname, '../monitoring');
let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
let prometheus: Awaited<ReturnType<typeof startPrometheus>> | undefined;
let running: Started | undefined;
let dir = '';
let watcher: Record<string, string> = {};
const functionUrls = new Map<string, string>();
const spans = () => receiver.spans;
const pidOf = (fn: string) =>
  Number([...running!.output().matchAll(new RegExp(`"fn":"${fn}","pid":(\\d+)`, 'g'))].at(-1)?.[1]);
const query = (expr: string) => prometheus!.query(expr);
const alertState = (name: string) => prometheus!.alertState(name);

/** The rules as they are, but for the backlog alert's threshold and hold (120 s for 2 m): a few seconds here. */
async function rulesForTest() {
  const rules = parse(await readFile(path.join(MONITORING, 'rules.yml'), 'utf8')) as {
    groups: { rules: { alert?: string; expr: string; for?: string }[] }[];
  };
  const backlog = rules.groups
    .flatMap((g) => g.rules)
    .find((r) => r.alert === 'RippleOutboxBacklog')!;
  if (!backlog.expr.includes('> 120'))
    throw new Error(`RippleOutboxBacklog changed: ${backlog.expr}`);
  backlog.expr = backlog.expr.replace('> 120', '> 3');
  backlog.for = '2s';
  return rules;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ripple-observed-'));
  receiver = await startOtlpReceiver();
  running = await startProcess(
    'multi',
    [],
    {
      RIPPLE_DATA_DIR: path.join(dir, 'data'),
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      RELAY_INTERVAL_MS: '500',
      REMINDER_INTERVAL_MS: '500',
      SIGNIN_MAX_FAILURES: '1',
      LOG_LEVEL: 'info',
    },
    150_000,
    'gateway',
  );
  for (const m of running
    .output()
    .matchAll(/"fn":"([a-z-]+)","pid":\d+,"functionUrl":"(http:\/\/[^"]+)"/g))
    functionUrls.set(m[1]!, m[2]!);
  prometheus = await startPrometheus(dir, functionUrls, await rulesForTest());
}, 200_000);
afterAll(async () => {
  await prometheus?.stop();
  await running?.stop();
  await receiver?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Waits until the trace has the named spans, then answers all of its spans. */
async function traceOf(traceId: string, names: string[]): Promise<Span[]> {
  const of = () => spans().filter((s) => s.traceId === traceId);
  await expect
    .poll(() => names.filter((n) => !of().some((s) => s.name === n)), {
      timeout: 20_000,
      interval: 200,
    })
    .toEqual([]);
  // Spans still on their way (a batch each 100 ms) come in too.
  await new Promise((resolve) => setTimeout(resolve, 500));
  return of();
}
const one = (trace: Span[], name: string, service?: string) => {
  const found = trace.filter((s) => s.name === name && (!service || s.service === service));
  expect(
    found,
    `${name} in ${service ?? 'any'}: ${trace.map((s) => `${s.service}:${s.name}`).join(', ')}`,
  ).toHaveLength(1);
  return found[0]!;
};
const childOf = (child: Span, parent: Span) =>
  expect(child.parentSpanId, `${child.name} under ${parent.name}`).toBe(parent.spanId);

describe('tracing across every event hop', () => {
  it('gives a created task one trace: the request, the outbox write, the publish, and each consumer’s handling', async () => {
    const base = running!.url;
    const signup = await http(`${base}/api/auth/signup`, {
      method: 'POST',
      json: { email: 'traced@example.com', password: 'follow the trace' },
    });
    const auth = { authorization: `Bearer ${signup.body.token}` };
    // The client's own trace: the gateway passes `traceparent` on, and the request continues it.
    const traceId = randomBytes(16).toString('hex');
    const clientSpan = randomBytes(8).toString('hex');
    const created = await http(`${base}/api/tasks`, {
      method: 'POST',
      headers: { ...auth, traceparent: `00-${traceId}-${clientSpan}-01` },
      json: { title: 'Follow me' },
    });
    expect(created.status).toBe(201);

    const trace = await traceOf(traceId, [
      'POST tasks-create',
      'outbox write',
      'publish task-events',
      'audit-writer process',
      'stream-writer process',
    ]);
    const request = one(trace, 'POST tasks-create', 'ripple-tasks-create');
    expect(request).toMatchObject({ kind: KIND.server, parentSpanId: clientSpan });
    expect(request.attributes).toMatchObject({
      'http.response.status_code': 201,
      'ripple.function': 'tasks-create',
    });
    const write = one(trace, 'outbox write', 'ripple-tasks-create');
    childOf(write, request);
    const publish = one(trace, 'publish task-events');
    expect(publish.kind).toBe(KIND.producer);
    childOf(publish, write);
    for (const consumer of ['audit-writer', 'stream-writer']) {
      // The delivery's request, in the consumer's process, then its handling inside.
      const delivery = one(trace, `POST ${consumer}`, `ripple-${consumer}`);
      childOf(delivery, publish);
      const handling = one(trace, `${consumer} process`, `ripple-${consumer}`);
      expect(handling).toMatchObject({ kind: KIND.consumer });
      expect(handling.attributes).toMatchObject({
        'cloudevents.event_type': 'dev.ripple.task.created',
        'ripple.outcome': 'processed',
        'messaging.message.id': expect.any(String),
      });
      childOf(handling, delivery);
    }
    // Nothing else in the trace has a parent outside it.
    const ids = new Set([clientSpan, ...trace.map((s) => s.spanId)]);
    expect(trace.filter((s) => !ids.has(s.parentSpanId!)).map((s) => s.name)).toEqual([]);
    expect([...receiver.requests]).toContain('POST /v1/traces application/json');

    // Log lines say which trace and span they belong to: the request's line, and the consumers' lines.
    const logged = () =>
      running!
        .output()
        .split('\n')
        .filter((line) => line.includes(traceId))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    await expect
      .poll(() => logged().find((l) => l.msg === 'request' && l.fn === 'tasks-create'), {
        timeout: 5_000,
      })
      .toMatchObject({ trace_id: traceId, span_id: request.spanId });
    await expect
      .poll(() => logged().find((l) => l.msg === 'request' && l.fn === 'audit-writer'), {
        timeout: 5_000,
      })
      .toMatchObject({ trace_id: traceId, span_id: one(trace, 'POST audit-writer').spanId });
  });

  it('follows a completed repeating task into recurrence, and on to the successor’s own events', async () => {
    const base = running!.url;
    const signin = await http(`${base}/api/auth/signup`, {
      method: 'POST',
      json: { email: 'traced2@example.com', password: 'follow the trace' },
    });
    const auth = { authorization: `Bearer ${signin.body.token}` };
    const task = (
      await http(`${base}/api/tasks`, {
        method: 'POST',
        headers: auth,
        json: {
          title: 'Every day',
          due_at: '2026-03-02T09:00:00Z',
          recurrence: { frequency: 'daily' },
        },
      })
    ).body;
    const traceId = randomBytes(16).toString('hex');
    const done = await http(`${base}/api/tasks/${task.id}/complete`, {
      method: 'POST',
      headers: { ...auth, traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
    });
    expect(done.status).toBe(200);

    const trace = await traceOf(traceId, ['POST tasks-complete', 'recurrence process']);
    const recurrence = one(trace, 'recurrence process', 'ripple-recurrence');
    expect(recurrence.attributes['cloudevents.event_type']).toBe('dev.ripple.task.completed');
    // Its successor's creation is written by recurrence, published, and handled by the audit-writer: all in this trace.
    await expect
      .poll(
        () =>
          spans().filter((s) => s.traceId === traceId && s.name === 'audit-writer process').length,
        { timeout: 20_000 },
      )
      .toBe(2);
    const successorWrite = spans().find(
      (s) =>
        s.traceId === traceId && s.name === 'outbox write' && s.service === 'ripple-recurrence',
    )!;
    childOf(successorWrite, recurrence);
  });
});

describe('a real Prometheus over multi-process mode', () => {
  it('scrapes every function, and every dashboard panel’s query returns data after traffic', async () => {
    expect([...functionUrls.keys()].sort()).toEqual(registry.map((fn) => fn.name).sort());
    // Each function scraped once before the traffic: a counter's rise is seen only from a sample before it.
    const scraped = async () => ({
      up: Number((await query('count(up == 1)'))[0]?.value[1] ?? 0),
      down: await prometheus!.down(),
    });
    await expect
      .poll(scraped, { timeout: 30_000, interval: 500 })
      .toEqual({ up: registry.length, down: [] });

    const base = running!.url;
    const signup = await http(`${base}/api/auth/signup`, {
      method: 'POST',
      json: { email: 'watched@example.com', password: 'under observation' },
    });
    watcher = { authorization: `Bearer ${signup.body.token}` };
    const auth = watcher;
    const { token } = (await http(`${base}/api/stream/token`, { method: 'POST', headers: auth }))
      .body;
    const tab = new AbortController();
    const stream = await fetch(`${base}/api/stream?token=${token}`, { signal: tab.signal });
    expect(stream.status).toBe(200);
    // Three completed, three with a reminder a second away (a completion slower than that, under load,
    // would have let a completed task's reminder go out first).
    for (let i = 0; i < 6; i++) {
      const done = i % 2 === 0;
      const task = (
        await http(`${base}/api/tasks`, {
          method: 'POST',
          headers: auth,
          json: {
            title: `Watched ${i}`,
            ...(done ? {} : { remind_at: new Date(Date.now() + 1_000).toISOString() }),
          },
        })
      ).body;
      if (done)
        await http(`${base}/api/tasks/${task.id}/complete`, { method: 'POST', headers: auth });
    }
    await http(`${base}/api/tasks`, { headers: auth });
    for (let i = 0; i < 2; i++)
      await http(`${base}/api/auth/signin`, {
        method: 'POST',
        json: { email: 'watched@example.com', password: 'not the password' },
      });
    const letter = binaryEvent({
      specversion: '1.0',
      id: randomUUID(),
      source: '/ripple/tasks',
      type: 'dev.ripple.task.created',
      knativeerrorcode: '500',
      data: {},
    });
    expect(
      (
        await fetch(`${functionUrls.get('dead-letters')}/events/dead-letters`, {
          method: 'POST',
          headers: letter.headers,
          body: letter.body,
        })
      ).status,
    ).toBe(200);
    // The reminders fall due and go out.
    await expect
      .poll(async () => (await http(`${base}/api/notifications`, { headers: auth })).body.length, {
        timeout: 15_000,
        interval: 500,
      })
      .toBe(3);

    const dashboard = JSON.parse(
      await readFile(path.join(MONITORING, 'dashboard.json'), 'utf8'),
    ) as { panels: { type: string; title: string; targets?: { expr: string }[] }[] };
    const panels = dashboard.panels.filter((p) => p.type !== 'row');
    const withData = async () => {
      const empty: string[] = [];
      for (const panel of panels) {
        for (const target of panel.targets ?? []) {
          const result = await query(target.expr);
          if (!result.some((r) => Number.isFinite(Number(r.value[1]))))
            empty.push(`${panel.title}: ${target.expr}`);
        }
      }
      // Under load a scrape may time out: which targets are down, when a panel has no data yet.
      return empty.length === 0
        ? []
        : [...empty, ...(await prometheus!.down()).map((t) => `down: ${t}`)];
    };
    await expect.poll(withData, { timeout: 45_000, interval: 1_000 }).toEqual([]);
    // And the data says what happened.
    // Each once a scrape after it has come in.
    const value = async (expr: string) => Number((await query(expr))[0]?.value[1]);
    // A function that answered without an error shows a 5xx ratio of 0, not "no data".
    const fiveXx = panels.find((p) => p.title === '5xx ratio, by function')!.targets![0]!.expr;
    expect((await query(fiveXx)).find((r) => r.metric.function === 'tasks-create')?.value[1]).toBe(
      '0',
    );
    await expect
      .poll(() => value('sum(ripple_event_streams_open)'), { timeout: 10_000, interval: 500 })
      .toBe(1);
    await expect
      .poll(() => value('sum(ripple_dead_letters_received_total)'), {
        timeout: 10_000,
        interval: 500,
      })
      .toBe(1);
    await expect
      .poll(() => value('sum(ripple_auth_throttled_total{endpoint="signin"})'), {
        timeout: 10_000,
        interval: 500,
      })
      .toBe(1);
    // Every consumer's effect (push-sender and mailer take each notification, whether or not anything is sent).
    const consumers = async () =>
      (await query('sum by (consumer) (ripple_events_consumed_total{outcome="processed"}) > 0'))
        .map((r) => r.metric.consumer)
        .sort();
    await expect
      .poll(consumers, { timeout: 10_000, interval: 500 })
      .toEqual([
        'audit-writer',
        'mailer',
        'notifier',
        'push-sender',
        'recurrence',
        'stream-writer',
      ]);
    tab.abort();
  }, 120_000);

  it('fires the backlog alert while a consumer is stopped, and clears it once the consumer runs again', async () => {
    const base = running!.url;
    await expect
      .poll(() => alertState('RippleOutboxBacklog'), { timeout: 10_000 })
      .toBe('inactive');
    const writer = pidOf('audit-writer');
    process.kill(writer, 'SIGSTOP');
    try {
      expect(
        (
          await http(`${base}/api/tasks`, {
            method: 'POST',
            headers: watcher,
            json: { title: 'Stuck behind a stopped consumer' },
          })
        ).status,
      ).toBe(201);
      await expect
        .poll(() => alertState('RippleOutboxBacklog'), { timeout: 25_000, interval: 500 })
        .toBe('firing');
      expect(
        Number((await query('max(ripple_outbox_oldest_unpublished_age_seconds)'))[0]!.value[1]),
      ).toBeGreaterThan(3);
    } finally {
      process.kill(writer, 'SIGCONT');
    }
    await expect
      .poll(() => alertState('RippleOutboxBacklog'), { timeout: 30_000, interval: 500 })
      .toBe('inactive');
    expect(
      Number((await query('max(ripple_outbox_oldest_unpublished_age_seconds)'))[0]!.value[1]),
    ).toBe(0);
    expect(prometheus!.log()).not.toMatch(/level=error/);
  }, 90_000);
});
