import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, startProcess, type Started } from './support/process.js';

// Multi-process mode (every function its own process, events over HTTP between them) exporting to an
// OTLP/HTTP receiver of the test's own: one change gives one trace across every hop.

interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  service: string;
  attributes: Record<string, unknown>;
}
interface OtlpBody {
  resourceSpans: {
    resource: { attributes: { key: string; value: { stringValue?: string } }[] };
    scopeSpans: { spans: (Omit<Span, 'service' | 'attributes'> & { attributes?: { key: string; value: Record<string, unknown> }[] })[] }[];
  }[];
}
const KIND = { internal: 1, server: 2, producer: 4, consumer: 5 };

const spans: Span[] = [];
const contentTypes = new Set<string>();
let receiver: Server;
let running: Started | undefined;
let dataDir = '';

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      contentTypes.add(`${req.method} ${req.url} ${req.headers['content-type']}`);
      for (const rs of (JSON.parse(body) as OtlpBody).resourceSpans) {
        const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
        for (const ss of rs.scopeSpans)
          for (const s of ss.spans) spans.push({ ...s, service, attributes: Object.fromEntries((s.attributes ?? []).map((a) => [a.key, Object.values(a.value)[0]])) });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  dataDir = await mkdtemp(path.join(tmpdir(), 'ripple-trace-'));
  running = await startProcess(
    'multi',
    [],
    {
      RIPPLE_DATA_DIR: dataDir,
      RIPPLE_FUNCTIONS: 'auth-signup,tasks-create,tasks-complete,audit-writer,stream-writer,recurrence,outbox-relay',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      RELAY_INTERVAL_MS: '500',
    },
    90_000,
    'gateway',
  );
}, 120_000);
afterAll(async () => {
  await running?.stop();
  receiver?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Waits until the trace has the named spans, then answers all of its spans. */
async function traceOf(traceId: string, names: string[]): Promise<Span[]> {
  const of = () => spans.filter((s) => s.traceId === traceId);
  await expect.poll(() => names.filter((n) => !of().some((s) => s.name === n)), { timeout: 20_000, interval: 200 }).toEqual([]);
  // Spans still on their way (a batch each 100 ms) come in too.
  await new Promise((resolve) => setTimeout(resolve, 500));
  return of();
}
const one = (trace: Span[], name: string, service?: string) => {
  const found = trace.filter((s) => s.name === name && (!service || s.service === service));
  expect(found, `${name} in ${service ?? 'any'}: ${trace.map((s) => `${s.service}:${s.name}`).join(', ')}`).toHaveLength(1);
  return found[0]!;
};
const childOf = (child: Span, parent: Span) => expect(child.parentSpanId, `${child.name} under ${parent.name}`).toBe(parent.spanId);

describe('tracing across every event hop', () => {
  it('gives a created task one trace: the request, the outbox write, the publish, and each consumer’s handling', async () => {
    const base = running!.url;
    const signup = await http(`${base}/api/auth/signup`, { method: 'POST', json: { email: 'traced@example.com', password: 'follow the trace' } });
    const auth = { authorization: `Bearer ${signup.body.token}` };
    // The client's own trace: the gateway passes `traceparent` on, and the request continues it.
    const traceId = randomBytes(16).toString('hex');
    const clientSpan = randomBytes(8).toString('hex');
    const created = await http(`${base}/api/tasks`, { method: 'POST', headers: { ...auth, traceparent: `00-${traceId}-${clientSpan}-01` }, json: { title: 'Follow me' } });
    expect(created.status).toBe(201);

    const trace = await traceOf(traceId, ['POST tasks-create', 'outbox write', 'publish task-events', 'audit-writer process', 'stream-writer process']);
    const request = one(trace, 'POST tasks-create', 'ripple-tasks-create');
    expect(request).toMatchObject({ kind: KIND.server, parentSpanId: clientSpan });
    expect(request.attributes).toMatchObject({ 'http.response.status_code': 201, 'ripple.function': 'tasks-create' });
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
      expect(handling.attributes).toMatchObject({ 'cloudevents.event_type': 'dev.ripple.task.created', 'ripple.outcome': 'processed', 'messaging.message.id': expect.any(String) });
      childOf(handling, delivery);
    }
    // Nothing else in the trace has a parent outside it.
    const ids = new Set([clientSpan, ...trace.map((s) => s.spanId)]);
    expect(trace.filter((s) => !ids.has(s.parentSpanId!)).map((s) => s.name)).toEqual([]);
    expect([...contentTypes]).toContain('POST /v1/traces application/json');

    // Log lines say which trace and span they belong to: the request's line, and the consumers' lines.
    const logged = () => running!.output().split('\n').filter((line) => line.includes(traceId)).map((line) => JSON.parse(line) as Record<string, unknown>);
    await expect.poll(() => logged().find((l) => l.msg === 'request' && l.fn === 'tasks-create'), { timeout: 5_000 }).toMatchObject({ trace_id: traceId, span_id: request.spanId });
    await expect.poll(() => logged().find((l) => l.msg === 'request' && l.fn === 'audit-writer'), { timeout: 5_000 }).toMatchObject({ trace_id: traceId, span_id: one(trace, 'POST audit-writer').spanId });
  });

  it('follows a completed repeating task into recurrence, and on to the successor’s own events', async () => {
    const base = running!.url;
    const signin = await http(`${base}/api/auth/signup`, { method: 'POST', json: { email: 'traced2@example.com', password: 'follow the trace' } });
    const auth = { authorization: `Bearer ${signin.body.token}` };
    const task = (await http(`${base}/api/tasks`, { method: 'POST', headers: auth, json: { title: 'Every day', due_at: '2026-03-02T09:00:00Z', recurrence: { frequency: 'daily' } } })).body;
    const traceId = randomBytes(16).toString('hex');
    const done = await http(`${base}/api/tasks/${task.id}/complete`, { method: 'POST', headers: { ...auth, traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` } });
    expect(done.status).toBe(200);

    const trace = await traceOf(traceId, ['POST tasks-complete', 'recurrence process']);
    const recurrence = one(trace, 'recurrence process', 'ripple-recurrence');
    expect(recurrence.attributes['cloudevents.event_type']).toBe('dev.ripple.task.completed');
    // Its successor's creation is written by recurrence, published, and handled by the audit-writer: all in this trace.
    await expect.poll(() => spans.filter((s) => s.traceId === traceId && s.name === 'audit-writer process').length, { timeout: 20_000 }).toBe(2);
    const successorWrite = spans.find((s) => s.traceId === traceId && s.name === 'outbox write' && s.service === 'ripple-recurrence')!;
    childOf(successorWrite, recurrence);
  });
});
