import postgres from 'postgres';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { http, startProcess, within, type Started } from '../support/process.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { createTestDb, type TestDb } from '../support/test-db.js';

// The database goes away behind a running process (a proxy between them stops, as a network or a
// restart would): requests answer 503 at once while it is away, the process serves again within a
// second of its return, and /healthz tells a stuck process from one whose database is down.

let testDb: TestDb;
let proxy: TcpProxy;
let ripple: Started;
let auth: Record<string, string>;

beforeAll(async () => {
  testDb = await createTestDb();
  proxy = await startTcpProxy(testDb.url);
  ripple = await startProcess('main', [], {
    DATABASE_URL: proxy.url,
    JWT_SECRET: 'db-outage-secret-long-enough-for-hs256-0123',
    RELAY_INTERVAL_MS: '300',
    LIVENESS_TIMEOUT_SECONDS: '2',
    DB_STATEMENT_TIMEOUT_MS: '60000',
  });
  const session = await http(`${ripple.url}/api/auth/signup`, { method: 'POST', json: { email: 'outage@example.com', password: 'through the outage' } });
  auth = { authorization: `Bearer ${session.body.token}`, 'content-type': 'application/json' };
});
afterAll(async () => {
  await ripple?.stop();
  await proxy?.close();
  await testDb?.drop();
});

const timed = async (path: string, init: RequestInit = {}) => {
  const started = performance.now();
  const res = await fetch(`${ripple.url}${path}`, { ...init, headers: auth, signal: AbortSignal.timeout(15_000) });
  const body = await res.text();
  return { status: res.status, ms: performance.now() - started, retryAfter: res.headers.get('retry-after'), body };
};

it('answers 503 at once while the database is away, and serves again within a second of its return', { timeout: 60_000 }, async () => {
  expect((await timed('/api/tasks', { method: 'POST', body: JSON.stringify({ title: 'before' }) })).status).toBe(201);
  await proxy.down();
  // The first requests find out (their connections are cut); from then on the circuit answers.
  const first = await Promise.all([timed('/api/tasks'), timed('/api/tasks', { method: 'POST', body: JSON.stringify({ title: 'during' }) })]);
  for (const r of first) expect(r.status).toBe(503);
  const during = [];
  for (let i = 0; i < 20; i++) during.push(await timed(i % 2 ? '/api/tasks' : '/api/tags'));
  for (const r of during) expect(r).toMatchObject({ status: 503, retryAfter: '1' });
  const slow = during.filter((r) => r.ms > 100);
  expect(slow, `latencies: ${during.map((r) => Math.round(r.ms)).join(' ')}`).toEqual([]);
  expect((await within(1_000, 'readyz while down', timed('/readyz'))).status).toBe(503);
  // Alive: a restart would not bring the database back.
  expect((await within(1_000, 'healthz while down', timed('/healthz'))).status).toBe(200);

  await proxy.up();
  const back = performance.now();
  let created = 0;
  while (performance.now() - back < 5_000) {
    created = (await timed('/api/tasks', { method: 'POST', body: JSON.stringify({ title: 'after' }) })).status;
    if (created === 201) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  expect(created).toBe(201);
  expect(performance.now() - back).toBeLessThan(1_000);
  expect((await timed('/readyz')).status).toBe(200);
});

it('fails /healthz while publishing is stuck with the database reachable, and is alive again once it moves', { timeout: 60_000 }, async () => {
  const admin = postgres(testDb.url, { max: 1, onnotice: () => {} });
  try {
    // The audit log cannot be written: the delivery of the next event, and so its publishing, waits.
    const holding = admin.begin(async (tx) => {
      await tx`lock table audit_log in access exclusive mode`;
      const created = await timed('/api/tasks', { method: 'POST', body: JSON.stringify({ title: 'stuck behind a lock' }) });
      expect(created.status).toBe(201);
      let health = await timed('/healthz');
      for (let i = 0; i < 60 && health.status === 200; i++) {
        await new Promise((r) => setTimeout(r, 100));
        health = await timed('/healthz');
      }
      expect(health.status).toBe(503);
      expect(JSON.parse(health.body).detail).toMatch(/^Not making progress: outbox[ -].* (has been running|has not completed a run) for \d+ s$/);
      // The API itself still answers: it is the publishing that is stuck.
      expect((await timed('/api/tasks')).status).toBe(200);
      return JSON.parse(created.body).id as string;
    });
    const taskId = await holding;
    // Once the lock is gone the event is delivered, and the process is alive again.
    let audited = 0;
    for (let i = 0; i < 50 && audited === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      audited = JSON.parse((await timed(`/api/audit?task_id=${taskId}`)).body).items.length;
    }
    expect(audited).toBe(1);
    expect((await timed('/healthz')).status).toBe(200);
  } finally {
    await admin.end();
  }
});
