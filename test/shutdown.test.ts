import { request } from 'node:http';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { consistencyProblems } from './support/consistency.js';
import { http, startProcess, type Started } from './support/process.js';
import { createTestDb, type TestDb } from './support/test-db.js';

let db: TestDb;
let running: Started | undefined;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await running?.stop('SIGKILL');
  await db.drop();
});

// An open event stream never ends by itself. Before, SIGTERM waited on it until the 25 s grace ran
// out and the process exited 1: every rolling update of a realtime replica with tabs open.
it(
  'SIGTERM ends open event streams and exits promptly and cleanly',
  { timeout: 60_000 },
  async () => {
    running = await startProcess('main', [], {
      DATABASE_URL: db.url,
      JWT_SECRET: 'shutdown-secret-long-enough-for-hs256-0123456789',
    });
    const signup = await http(`${running.url}/api/auth/signup`, {
      method: 'POST',
      json: { email: 'tabs@example.com', password: 'open tabs everywhere' },
    });
    const auth = { authorization: `Bearer ${signup.body.token}` };
    const { body } = await http(`${running.url}/api/stream/token`, {
      method: 'POST',
      headers: auth,
    });
    const stream = await fetch(`${running.url}/api/stream?token=${body.token}`);
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('event: ready');

    const started = Date.now();
    const code = await running.stop('SIGTERM');
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
    // The stream ended, so the browser's EventSource reconnects (to another replica, or this one restarted).
    for (
      let chunk = await reader.read().catch(() => ({ done: true }));
      !chunk.done;
      chunk = await reader.read().catch(() => ({ done: true }))
    );
  },
);

interface Sent {
  /** Resolves once the request's connection is open. */
  connected: Promise<void>;
  /** The status, or the error code when there was no answer (ECONNREFUSED: never accepted). */
  outcome: Promise<{ status: number; body: string } | { error: string }>;
}

/** One request on its own connection (no keep-alive pool), so that each one's fate is its own. */
function send(url: string, method: string, headers: Record<string, string>, body?: unknown): Sent {
  let connected!: () => void;
  const opened = new Promise<void>((resolve) => (connected = resolve));
  const outcome = new Promise<{ status: number; body: string } | { error: string }>((resolve) => {
    const req = request(
      url,
      { method, headers: { ...headers, 'content-type': 'application/json' }, agent: false },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
        res.on('error', (err: NodeJS.ErrnoException) =>
          resolve({ error: err.code ?? err.message }),
        );
      },
    );
    req.on('socket', (socket) => socket.on('connect', connected));
    req.on('error', (err: NodeJS.ErrnoException) => {
      connected();
      resolve({ error: err.code ?? err.message });
    });
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
  return { connected: opened, outcome };
}

// SIGTERM in the middle of a burst: every request that was in flight is answered in full, new
// connections are refused, the events of every answered write are published and consumed before the
// process exits (nothing waits in the outbox for the next start), and it exits 0 well inside its grace.
it(
  'SIGTERM under load: finishes requests and deliveries in flight, flushes the outbox, refuses new work, exits 0',
  { timeout: 90_000 },
  async () => {
    const stopDb = await createTestDb();
    try {
      const proc = await startProcess('main', [], {
        DATABASE_URL: stopDb.url,
        JWT_SECRET: 'shutdown-secret-long-enough-for-hs256-0123456789',
        SHUTDOWN_GRACE_SECONDS: '20',
      });
      const signup = await http(`${proc.url}/api/auth/signup`, {
        method: 'POST',
        json: { email: 'drain@example.com', password: 'finish what you started' },
      });
      const auth = { authorization: `Bearer ${signup.body.token}` };

      // Writes of every kind that produce events, and sign-ups (argon2: slow enough to be mid-flight).
      const burst: Sent[] = [];
      for (let i = 0; i < 24; i++)
        burst.push(
          send(`${proc.url}/api/tasks`, 'POST', auth, {
            title: `in flight ${i}`,
            tags: ['drain'],
            recurrence: i % 4 === 0 ? { frequency: 'daily', interval: 1 } : undefined,
            due_at: '2030-01-01T09:00:00Z',
          }),
        );
      for (let i = 0; i < 6; i++)
        burst.push(
          send(
            `${proc.url}/api/auth/signup`,
            'POST',
            {},
            { email: `late${i}@example.com`, password: 'signing up as it stops' },
          ),
        );
      await Promise.all(burst.map((b) => b.connected));
      await new Promise((r) => setTimeout(r, 30));
      const started = Date.now();
      proc.child.kill('SIGTERM');
      // It keeps accepting while connections already queued for it still arrive (1 s at most), then refuses.
      await new Promise((r) => setTimeout(r, 1_200));
      const after = send(`${proc.url}/api/tasks`, 'POST', auth, { title: 'too late' });

      const outcomes = await Promise.all(burst.map((b) => b.outcome));
      expect(outcomes.filter((o) => !('status' in o) || o.status !== 201)).toEqual([]);
      expect(await after.outcome).toEqual({ error: 'ECONNREFUSED' });
      expect(await proc.exited).toBe(0);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(proc.output()).not.toMatch(/"level":50/);

      // Every answered write is stored, and every one of its events published and consumed.
      const ids = outcomes.flatMap((o) =>
        'status' in o && o.status === 201 && JSON.parse(o.body).id
          ? [JSON.parse(o.body).id as string]
          : [],
      );
      expect(ids.length).toBe(24);
      const db = stopDb.db;
      expect(
        Number(
          (
            await sql<{
              n: string;
            }>`select count(*) as n from tasks where id in (${sql.join(ids)})`.execute(db)
          ).rows[0]!.n,
        ),
      ).toBe(24);
      expect(
        Number(
          (
            await sql<{
              n: string;
            }>`select count(*) as n from outbox where published_at is null`.execute(db)
          ).rows[0]!.n,
        ),
      ).toBe(0);
      const unaudited = await sql<{ event_id: string }>`
      select o.event_id from outbox o where o.topic = 'task-events' and not exists (select 1 from audit_log a where a.event_id::text = o.event_id::text)`.execute(
        db,
      );
      expect(unaudited.rows).toEqual([]);
      expect(await consistencyProblems(db)).toEqual([]);
    } finally {
      await stopDb.drop();
    }
  },
);
