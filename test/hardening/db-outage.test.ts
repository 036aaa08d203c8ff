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
    REQUEST_TIMEOUT_MS: '1500',
  });
  const session = await http(`${ripple.url}/api/auth/signup`, {
    method: 'POST',
    json: { email: 'outage@example.com', password: 'through the outage' },
  });
  auth = { authorization: `Bearer ${session.body.token}`, 'content-type': 'application/json' };
});
afterAll(async () => {
  await ripple?.stop();
  await proxy?.close();
  await testDb?.drop();
});

const timed = async (path: string, init: RequestInit = {}) => {
  const started = performance.now();
  const res = await fetch(`${ripple.url}${path}`, {
    ...init,
    headers: auth,
    signal: AbortSignal.timeout(15_000),
  });
  const body = await res.text();
  return {
    status: res.status,
    ms: performance.now() - started,
    retryAfter: res.headers.get('retry-after'),
    body,
  };
};

it(
  'answers 503 at once while the database is away, and serves again within a second of its return',
  { timeout: 60_000 },
  async () => {
    expect(
      (await timed('/api/tasks', { method: 'POST', body: JSON.stringify({ title: 'before' }) }))
        .status,
    ).toBe(201);
    await proxy.down();
    // The first requests find out (their connections are cut); from then on the circuit answers.
    const first = await Promise.all([
      timed('/api/tasks'),
      timed('/api/tasks', { method: 'POST', body: JSON.stringify({ title: 'during' }) }),
    ]);
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
      created = (
        await timed('/api/tasks', { method: 'POST', body: JSON.stringify({ title: 'after' }) })
      ).status;
      if (created === 201) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(created).toBe(201);
    expect(performance.now() - back).toBeLessThan(1_000);
    expect((await timed('/readyz')).status).toBe(200);
  },
);

it(
  'fails /healthz while publishing is stuck with the database reachable, and is alive again once it moves',
  { timeout: 60_000 },
  async () => {
    const admin = postgres(testDb.url, { max: 1, onnotice: () => {} });
    try {
      // The audit log cannot be written: the delivery of the next event, and so its publishing, waits.
      const holding = admin.begin(async (tx) => {
        await tx`lock table audit_log in access exclusive mode`;
        const created = await timed('/api/tasks', {
          method: 'POST',
          body: JSON.stringify({ title: 'stuck behind a lock' }),
        });
        expect(created.status).toBe(201);
        let health = await timed('/healthz');
        for (let i = 0; i < 60 && health.status === 200; i++) {
          await new Promise((r) => setTimeout(r, 100));
          health = await timed('/healthz');
        }
        expect(health.status).toBe(503);
        expect(JSON.parse(health.body).detail).toMatch(
          /^Not making progress: outbox[ -].* (has been running|has not completed a run) for \d+ s$/,
        );
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
      // The entry commits inside the relay's run (the consumer answers, then the relay marks the row
      // published and commits): /healthz is back once that run ends, a moment later under load.
      let alive = 0;
      for (let i = 0; i < 20 && alive !== 200; i++) {
        if (i > 0) await new Promise((r) => setTimeout(r, 100));
        alive = (await timed('/healthz')).status;
      }
      expect(alive).toBe(200);
    } finally {
      await admin.end();
    }
  },
);

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends the change until it gets a 2xx, as a client told `Retry-After` would, with the same key. */
async function untilDone(path: string, body: unknown, idempotencyKey: string) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const res = await fetch(`${ripple.url}${path}`, {
      method: 'POST',
      headers: { ...auth, 'idempotency-key': `"${idempotencyKey}"` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    }).catch(() => null);
    if (res && res.status < 300)
      return {
        ...((await res.json()) as { id: string }),
        replayed: res.headers.get('idempotent-replayed') === 'true',
        attempt,
      };
    await res?.text();
    await pause(50);
  }
  throw new Error(`${idempotencyKey}: no success in 100 attempts`);
}

it(
  'makes a change once however its connections break, when the client retries with its key',
  { timeout: 120_000 },
  async () => {
    const admin = postgres(testDb.url, { max: 1, onnotice: () => {} });
    try {
      const results = [];
      for (let n = 0; n < 30; n++) {
        const title = `retried ${n}`;
        // The cut lands at a different point each time: before the claim, inside the change, at COMMIT, after it.
        const cut = pause(n % 10).then(() => proxy.cut());
        const first = untilDone('/api/tasks', { title }, `retry-${n}`);
        await cut;
        results.push({ title, ...(await first) });
      }
      // The cuts did land inside requests: some needed retries.
      expect(
        results.filter((r) => r.attempt > 0).length,
        JSON.stringify(results.map((r) => [r.attempt, r.replayed])),
      ).toBeGreaterThan(0);
      for (const r of results) {
        const stored =
          await admin`select id from tasks where title = ${r.title} and deleted_at is null`;
        expect(
          stored.map((s) => s.id),
          r.title,
        ).toEqual([r.id]);
      }
      // Every change's event went out, once.
      let unpublished = -1;
      for (let i = 0; i < 50 && unpublished !== 0; i++) {
        await pause(100);
        [{ unpublished }] =
          await admin`select count(*)::int as unpublished from outbox where published_at is null`;
      }
      expect(unpublished).toBe(0);
      const events =
        await admin`select event->'data'->>'title' as title, count(*)::int as n from outbox where event->'data'->>'title' like 'retried %' group by 1`;
      expect(events.filter((e) => e.n !== 1)).toEqual([]);
      expect(events).toHaveLength(30);
    } finally {
      await admin.end();
    }
  },
);

it(
  'tells the truth to a keyed change that timed out: not made, and made once when retried',
  { timeout: 60_000 },
  async () => {
    const admin = postgres(testDb.url, { max: 1, onnotice: () => {} });
    try {
      let late: Response | undefined;
      await admin.begin(async (tx) => {
        await tx`lock table tasks in access exclusive mode`;
        late = await fetch(`${ripple.url}/api/tasks`, {
          method: 'POST',
          headers: { ...auth, 'idempotency-key': '"late-1"' },
          body: JSON.stringify({ title: 'late but whole' }),
        });
      });
      // The request timeout answered 503, and the change, still waiting for the lock then, was rolled back
      // rather than committed behind that answer (without a key it commits: a retry would duplicate it).
      expect(late!.status).toBe(503);
      expect(late!.headers.get('retry-after')).toBe('1');
      await pause(500);
      expect(await admin`select id from tasks where title = 'late but whole'`).toHaveLength(0);
      const retried = await untilDone('/api/tasks', { title: 'late but whole' }, 'late-1');
      expect(retried.attempt).toBe(0);
      expect(
        (await admin`select id from tasks where title = 'late but whole'`).map((r) => r.id),
      ).toEqual([retried.id]);
      expect((await untilDone('/api/tasks', { title: 'late but whole' }, 'late-1')).replayed).toBe(
        true,
      );
    } finally {
      await admin.end();
    }
  },
);
