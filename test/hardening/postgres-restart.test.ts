import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedDb } from '../../functions/_shared/db/embedded.js';
import { freePort, http, startProcess, within, type Started } from '../support/process.js';

let dir = '';
let pg: EmbeddedDb | undefined;
let ripple: Started | undefined;
afterAll(async () => {
  await ripple?.stop();
  await pg?.stop().catch(() => {});
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Outcome {
  /** 0: no answer at all within the request timeout and a margin (a hang). */
  status: number;
  ms: number;
  retryAfter: string | null;
  problem: boolean;
}

// PostgreSQL goes away under load and comes back on the same address: requests meanwhile fail fast
// with 503 and Retry-After, none hangs past the request timeout, and the same process recovers.
it(
  'answers 503 with Retry-After while PostgreSQL is down, hangs nowhere, and recovers without a restart',
  { timeout: 180_000 },
  async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ripple-pg-restart-'));
    await chmod(dir, 0o755);
    // Bound again by the restarted PostgreSQL: a port no outgoing connection takes meanwhile.
    const port = await freePort({ belowEphemeral: true });
    // PostgreSQL's own log, shown when a step fails.
    const pgLog: string[] = [];
    const keep = (line: string) => void pgLog.push(line.trim());
    const step = <T>(ms: number, what: string, promise: Promise<T>) =>
      within(ms, what, promise).catch((err: Error) => {
        throw new Error(
          `${err.message}\n--- PostgreSQL log:\n${pgLog.slice(-30).join('\n')}\n--- Ripple log:\n${ripple?.output().split('\n').slice(-30).join('\n')}`,
        );
      });
    pg = await step(60_000, 'PostgreSQL start', startEmbeddedPostgres(dir, keep, keep, port));
    const timeoutMs = 4_000;
    ripple = await startProcess('main', [], {
      DATABASE_URL: pg.url,
      JWT_SECRET: 'pg-restart-secret-long-enough-for-hs256-01234',
      REQUEST_TIMEOUT_MS: String(timeoutMs),
      RELAY_INTERVAL_MS: '500',
    });
    const session = await http(`${ripple.url}/api/auth/signup`, {
      method: 'POST',
      json: { email: 'outage@example.com', password: 'through the outage' },
    });
    const auth = {
      authorization: `Bearer ${session.body.token}`,
      'content-type': 'application/json',
    };

    // Load: a steady stream of reads and writes, each timed, until told to stop.
    const outcomes: Outcome[] = [];
    const created: string[] = [];
    let running = true;
    const worker = async (n: number) => {
      for (let i = 0; running; i++) {
        const started = performance.now();
        const write = (i + n) % 2 === 0;
        try {
          const res = await fetch(`${ripple!.url}/api/tasks${write ? '' : '?limit=5'}`, {
            method: write ? 'POST' : 'GET',
            headers: auth,
            signal: AbortSignal.timeout(timeoutMs + 5_000),
            ...(write ? { body: JSON.stringify({ title: `load ${n}.${i}` }) } : {}),
          });
          const body = await res.text();
          outcomes.push({
            status: res.status,
            ms: performance.now() - started,
            retryAfter: res.headers.get('retry-after'),
            problem: (res.headers.get('content-type') ?? '').startsWith('application/problem+json'),
          });
          if (write && res.status === 201) created.push(JSON.parse(body).id);
        } catch {
          outcomes.push({
            status: 0,
            ms: performance.now() - started,
            retryAfter: null,
            problem: false,
          });
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const workers = [0, 1, 2, 3].map(worker);
    await new Promise((r) => setTimeout(r, 1_000));

    await step(30_000, 'PostgreSQL stop', pg.stop());
    const downAt = outcomes.length;
    await new Promise((r) => setTimeout(r, 3_000));
    const duringOutage = outcomes.slice(downAt);
    // Probes answer too, and quickly: a readiness check once waited for the database for good, and hung this test.
    expect(
      (await step(5_000, 'readyz while PostgreSQL is down', http(`${ripple.url}/readyz`))).status,
    ).toBe(503);
    expect(
      (await step(5_000, 'healthz while PostgreSQL is down', http(`${ripple.url}/healthz`))).status,
    ).toBe(200);

    pg = await step(60_000, 'PostgreSQL restart', startEmbeddedPostgres(dir, keep, keep, port));
    const upAt = outcomes.length;
    const restartedAt = performance.now();
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && !outcomes.slice(upAt).some((o) => o.status === 201))
      await new Promise((r) => setTimeout(r, 50));
    const recoveredMs = performance.now() - restartedAt;
    await new Promise((r) => setTimeout(r, 1_000));
    running = false;
    await step(timeoutMs + 10_000, 'the load workers finishing', Promise.all(workers));

    // While it was down: 503 (with Retry-After, as a problem), quickly; never another 5xx, never a hang.
    const failed = duringOutage.filter((o) => o.status >= 500);
    expect(failed.length, `during the outage: ${JSON.stringify(duringOutage)}`).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o.status === 0)).toEqual([]);
    for (const o of failed)
      expect(o).toMatchObject({
        status: 503,
        problem: true,
        retryAfter: expect.stringMatching(/^\d+$/),
      });
    // Fast: most fail on the lost connection, well before the request timeout would answer for them.
    const fast = failed.filter((o) => o.ms < timeoutMs / 2);
    expect(
      fast.length,
      `503 latencies: ${failed.map((o) => Math.round(o.ms)).join(' ')}`,
    ).toBeGreaterThan(failed.length / 2);
    for (const o of outcomes) expect(o.ms).toBeLessThan(timeoutMs + 2_000);
    const unhandled = () =>
      ripple!
        .output()
        .split('\n')
        .filter((l) => l.includes('"level":50'))
        .slice(0, 5)
        .join('\n');
    expect(
      outcomes.filter((o) => o.status >= 500 && o.status !== 503),
      unhandled(),
    ).toEqual([]);
    // And after: it serves again, the same process, with every acknowledged write there.
    // Back at once: the pool reconnects within a couple of seconds of the database's return.
    expect(recoveredMs).toBeLessThan(3_000);
    expect(
      outcomes.slice(upAt).filter((o) => o.status < 300).length,
      `after: ${JSON.stringify(outcomes.slice(upAt).slice(0, 20))}`,
    ).toBeGreaterThan(0);
    expect(
      (await step(5_000, 'readyz after the restart', http(`${ripple.url}/readyz`))).status,
    ).toBe(200);
    expect(ripple.child.exitCode).toBeNull();
    const listed = new Set<string>();
    for (let cursor: string | null = ''; cursor !== null;) {
      const page = await http(
        `${ripple.url}/api/tasks?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        { headers: auth },
      );
      for (const t of page.body.items) listed.add(t.id);
      cursor = page.body.next_cursor;
    }
    expect(created.filter((id) => !listed.has(id))).toEqual([]);
  },
);
