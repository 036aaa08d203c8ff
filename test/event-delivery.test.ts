import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../functions/registry.js';
import { client, signedInClient } from './support/client.js';
import { binaryEvent, serveApp, type Served } from './support/events.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { createTestDb, type TestDb } from './support/test-db.js';
import { pingHeaders } from '../functions/_shared/events/catalog.js';
import { isBatch } from '../functions/_shared/events/receive.js';

// The audit-writer runs as its own "process" (its app on its own port), the other functions in
// another, and the bus between them goes over real HTTP, as in multi-process mode.

let testDb: TestDb;
let consumer: TestApp;
let consumerPort = 0;
let served: Served | undefined;
const writers: TestApp[] = [];

async function consumerUp() {
  served = await serveApp(consumer.app, consumerPort);
  consumerPort = Number(new URL(served.url).port);
}
async function consumerDown() {
  await served?.close();
  served = undefined;
}
function writerApp(sinkUrl: string, env: Record<string, string> = {}) {
  const app = createTestApp(testDb, {
    functions: registry.filter((fn) => fn.name !== 'audit-writer'),
    env: { EVENT_SINKS: `audit-writer=${sinkUrl}`, ...env },
  });
  writers.push(app);
  return app;
}
const outboxOf = (userId: string) =>
  testDb.db
    .selectFrom('outbox')
    .select(['event_id', 'partition_key', 'published_at', 'event'])
    .where(({ ref }) => ref('event', '->>').key('userid'), '=', userId)
    .orderBy('id')
    .execute();
const auditOf = (userId: string) =>
  testDb.db
    .selectFrom('audit_log')
    .select(['id', 'event_id', 'task_id', 'event_type'])
    .where('user_id', '=', userId)
    .execute();

beforeAll(async () => {
  testDb = await createTestDb();
  consumer = createTestApp(testDb, {
    functions: registry.filter((fn) => fn.name === 'audit-writer'),
  });
  await consumerUp();
});
afterAll(async () => {
  for (const w of writers) await w.close();
  await consumerDown();
  await consumer.close();
  await testDb.drop();
});

describe('delivery when things fail', () => {
  it('loses nothing while the consumer is down for 200 changes, and audits each once when it is back', async () => {
    const writer = writerApp(served!.url);
    await consumerDown();
    const user = await signedInClient(writer.app);
    const tasks = [];
    for (let i = 0; i < 100; i++)
      tasks.push((await user.post('/api/tasks', { title: `Offline ${i}` })).body);
    for (const task of tasks)
      expect((await user.post(`/api/tasks/${task.id}/complete`)).status).toBe(200);
    await writer.settled();
    const waiting = await outboxOf(user.user.id);
    expect(waiting).toHaveLength(200);
    expect(waiting.every((row) => row.published_at === null)).toBe(true);
    expect(await auditOf(user.user.id)).toEqual([]);
    const metrics = async () => (await client(writer.app).get('/metrics')).body as string;
    expect(await metrics()).toMatch(
      /ripple_events_published_total\{topic="task-events",outcome="failed"\} [1-9]/,
    );
    expect(await metrics()).toMatch(/^ripple_outbox_unpublished 200$/m);

    await consumerUp();
    const swept = await client(writer.app).post(
      '/events/outbox-relay',
      {},
      pingHeaders('ping-1', '/test'),
    );
    expect(swept.body).toMatchObject({ status: 'SUCCESS', published: 200 });
    expect((await outboxOf(user.user.id)).every((row) => row.published_at !== null)).toBe(true);
    expect(await metrics()).toMatch(
      /ripple_events_published_total\{topic="task-events",outcome="ok"\} 200/,
    );
    expect(await metrics()).toMatch(/^ripple_outbox_unpublished 0$/m);
    const audit = await auditOf(user.user.id);
    expect(audit).toHaveLength(200);
    expect(new Set(audit.map((a) => a.event_id)).size).toBe(200);
    for (const task of tasks)
      expect(
        audit
          .filter((a) => a.task_id === task.id)
          .map((a) => a.event_type)
          .sort(),
      ).toEqual(['completed', 'created']);
  });

  it('audits each event once when every event arrives twice, out of order across tasks', async () => {
    const writer = writerApp(served!.url);
    await consumerDown();
    const user = await signedInClient(writer.app);
    for (let i = 0; i < 30; i++) {
      const task = (await user.post('/api/tasks', { title: `Twice ${i}` })).body;
      await user.patch(`/api/tasks/${task.id}`, { priority: 'high' });
    }
    await writer.settled();
    await consumerUp();
    const events = (await outboxOf(user.user.id)).map((row) => row.event);
    expect(events).toHaveLength(60);
    // Every event twice, newest first, then again in a shuffled order, eight at a time.
    const deliveries = [...events.reverse(), ...events.toSorted(() => Math.random() - 0.5)];
    const answers: string[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let event = deliveries.shift(); event; event = deliveries.shift()) {
          const { headers, body } = binaryEvent(event);
          const res = await fetch(`${served!.url}/events/audit-writer`, {
            method: 'POST',
            headers,
            body,
          });
          answers.push(((await res.json()) as { outcome: string }).outcome);
        }
      }),
    );
    expect(answers.filter((a) => a === 'processed')).toHaveLength(60);
    expect(answers.filter((a) => a === 'duplicate')).toHaveLength(60);
    const audit = await auditOf(user.user.id);
    expect(audit).toHaveLength(60);
    expect(new Set(audit.map((a) => a.event_id))).toEqual(new Set(events.map((e) => e.id)));
  });
});

describe('two relays at once', () => {
  it('publish every row once, and each task in order, even after a consumer outage', async () => {
    const seen: { id: string; subject: string; version: number }[] = [];
    let up = false;
    let requests = 0;
    const sink = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        // A batch (structured events), or one event in binary mode.
        const events = isBatch(req.headers as Record<string, string>)
          ? (JSON.parse(body) as { id: string; subject: string; data: { version: number } }[]).map(
              (e) => ({ id: e.id, subject: e.subject, version: e.data.version }),
            )
          : [
              {
                id: String(req.headers['ce-id']),
                subject: String(req.headers['ce-subject']),
                version: JSON.parse(body).version,
              },
            ];
        if (up) seen.push(...events);
        if (up) requests++;
        res.writeHead(up ? 200 : 503).end();
      });
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
    try {
      // Small batches, so the two contend for the same rows many times over.
      const [a, b] = [
        writerApp(sinkUrl, { RELAY_BATCH_SIZE: '10' }),
        writerApp(sinkUrl, { RELAY_BATCH_SIZE: '10' }),
      ];
      const user = await signedInClient(a.app);
      const ours = new Set<string>();
      for (let i = 0; i < 40; i++) {
        const task = (await user.post('/api/tasks', { title: `Ordered ${i}` })).body;
        ours.add(task.id);
        await user.patch(`/api/tasks/${task.id}`, { title: `Ordered ${i}, renamed` });
        await user.post(`/api/tasks/${task.id}/complete`);
      }
      await a.settled();
      expect(seen).toEqual([]);

      up = true;
      const [ra, rb] = await Promise.all([a.deps.relay.sweep(), b.deps.relay.sweep()]);
      expect(ra.published + rb.published).toBeGreaterThanOrEqual(120);
      // No row went out twice.
      expect(new Set(seen.map((s) => s.id)).size).toBe(seen.length);
      const mine = seen.filter((s) => ours.has(s.subject));
      expect(mine).toHaveLength(120);
      for (const subject of ours)
        expect(mine.filter((s) => s.subject === subject).map((s) => s.version)).toEqual([1, 2, 3]);
      // In batches: far fewer requests than events.
      expect(requests).toBeLessThan(seen.length / 3);
    } finally {
      await new Promise<void>((resolve) => sink.close(() => resolve()));
    }
  });

  it('send each event alone, in order, to a consumer that does not take a batch', async () => {
    const seen: string[] = [];
    let batches = 0;
    let up = false;
    const sink = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (!up) return void res.writeHead(503).end();
        if (isBatch(req.headers as Record<string, string>)) {
          batches++;
          return void res.writeHead(415).end();
        }
        seen.push(`${String(req.headers['ce-subject'])}:${JSON.parse(body).version}`);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    try {
      const writer = writerApp(`http://127.0.0.1:${(sink.address() as AddressInfo).port}`);
      const user = await signedInClient(writer.app);
      const tasks: string[] = [];
      for (let i = 0; i < 5; i++) {
        const task = (await user.post('/api/tasks', { title: `Alone ${i}` })).body;
        tasks.push(task.id);
        await user.post(`/api/tasks/${task.id}/complete`);
      }
      await writer.settled();
      up = true;
      await writer.deps.relay.sweep();
      expect(batches).toBeGreaterThan(0);
      const ours = seen.filter((s) => tasks.includes(s.split(':')[0]!));
      expect(ours.toSorted()).toEqual(tasks.flatMap((id) => [`${id}:1`, `${id}:2`]).toSorted());
      for (const id of tasks)
        expect(ours.filter((s) => s.startsWith(id))).toEqual([`${id}:1`, `${id}:2`]);
    } finally {
      await new Promise<void>((resolve) => sink.close(() => resolve()));
    }
  });

  it('hold a task’s newer event while an older one is unpublished, then send both in order', async () => {
    const writer = writerApp(served!.url);
    const user = await signedInClient(writer.app);
    await consumerDown();
    const task = (await user.post('/api/tasks', { title: 'Held' })).body;
    await writer.settled();
    await consumerUp();
    await user.post(`/api/tasks/${task.id}/complete`);
    await writer.settled();
    // The completion was not published ahead of the creation it follows.
    expect((await outboxOf(user.user.id)).map((row) => row.published_at)).toEqual([null, null]);
    await writer.deps.relay.sweep();
    // Entry ids are UUIDv7, taken as each event arrived: they sort in arrival order.
    const audit = (await auditOf(user.user.id)).toSorted((x, y) => (x.id < y.id ? -1 : 1));
    expect(audit.map((a) => a.event_type)).toEqual(['created', 'completed']);
  });
});
