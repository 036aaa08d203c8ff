import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { connectDb } from '../../functions/_shared/db/connect.js';
import { consistencyProblems } from '../support/consistency.js';
import { startProcess, within, type Started } from '../support/process.js';

let running: Started | undefined;
let dataDir: string | undefined;
afterAll(async () => {
  await running?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const VICTIMS = [
  'tasks-create',
  'tasks-update',
  'tasks-complete',
  'audit-writer',
  'recurrence',
  'outbox-relay',
];
const pidsOf = (output: string, fn: string) =>
  [...output.matchAll(new RegExp(`"fn":"${fn}","pid":(\\d+)`, 'g'))].map((m) => Number(m[1]));

interface Attempt {
  title: string;
  acked: boolean;
}

// Multi-process mode, one process per function: a burst of mixed writes while function processes
// are killed with SIGKILL at random moments (and started again by the launcher, as Kubernetes
// would). Then: every acknowledged write is there, an unacknowledged one is there whole or not at
// all, and every event was delivered and had exactly one effect.
it(
  'loses, doubles and half-applies nothing while function processes are SIGKILLed under load',
  { timeout: 240_000 },
  async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'ripple-crash-'));
    running = await startProcess(
      'multi',
      [],
      {
        RIPPLE_DATA_DIR: dataDir,
        RIPPLE_FUNCTIONS: ['auth-signup', 'tasks-list', ...VICTIMS].join(','),
        RELAY_INTERVAL_MS: '300',
        LOG_LEVEL: 'info',
      },
      90_000,
      'gateway',
    );
    const base = running.url;
    const signup = await fetch(`${base}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'crash@example.com', password: 'kill it at random' }),
    });
    const auth = {
      authorization: `Bearer ${((await signup.json()) as { token: string }).token}`,
      'content-type': 'application/json',
    };
    const send = async (
      method: string,
      p: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ) => {
      try {
        const res = await fetch(`${base}${p}`, {
          method,
          headers: { ...auth, ...headers },
          signal: AbortSignal.timeout(20_000),
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return { status: res.status, body: (await res.text()) || '{}' };
      } catch {
        return { status: 0, body: '{}' };
      }
    };

    const created = new Set<string>();
    const titles = new Map<string, Attempt[]>();
    const completedAcked = new Set<string>();
    const recurringCompleted = new Set<string>();
    let bursting = true;
    const worker = async (w: number) => {
      for (let i = 0; bursting; i++) {
        const first = `w${w}-${i} v0`;
        // Every third task recurs: completing it has a second consumer's effect, its next occurrence.
        const recurring = i % 3 === 0;
        const made = await send('POST', '/api/tasks', {
          title: first,
          ...(recurring
            ? { due_at: '2030-01-01T09:00:00Z', recurrence: { frequency: 'daily', interval: 1 } }
            : {}),
        });
        if (made.status !== 201) continue;
        const task = JSON.parse(made.body) as { id: string; version: number };
        created.add(task.id);
        titles.set(task.id, [{ title: first, acked: true }]);
        let version = task.version;
        for (let v = 1; v <= 3 && bursting; v++) {
          const title = `w${w}-${i} v${v}`;
          const patched = await send(
            'PATCH',
            `/api/tasks/${task.id}`,
            { title },
            { 'if-match': `"${version}"` },
          );
          titles.get(task.id)!.push({ title, acked: patched.status === 200 });
          if (patched.status !== 200) break; // its version is unknown now: leave this task
          version = (JSON.parse(patched.body) as { version: number }).version;
        }
        if (i % 2 === 0 && (await send('POST', `/api/tasks/${task.id}/complete`)).status === 200) {
          completedAcked.add(task.id);
          if (recurring) recurringCompleted.add(task.id);
        }
      }
    };
    const workers = [0, 1, 2, 3].map(worker);

    let kills = 0;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500 + Math.random() * 1_000));
      const fn = VICTIMS[Math.floor(Math.random() * VICTIMS.length)]!;
      const pid = pidsOf(running.output(), fn).at(-1);
      try {
        process.kill(pid!, 'SIGKILL');
        kills++;
      } catch {
        // already gone: the launcher is starting it again
      }
    }
    bursting = false;
    await within(30_000, 'the writers finishing', Promise.all(workers));
    expect(kills).toBeGreaterThanOrEqual(5);
    expect(created.size).toBeGreaterThan(10);

    const db = connectDb({
      url: (await readFile(path.join(dataDir, 'database-url'), 'utf8')).trim(),
      poolMax: 2,
      statementTimeoutMs: 10_000,
    });
    try {
      // First, every completed recurring task got its next occurrence (the recurrence consumer, killed too),
      // and exactly one (a unique index holds that as well).
      const successors = async () =>
        (
          await db
            .selectFrom('tasks')
            .select(['recurred_from'])
            .where('recurred_from', 'in', [
              ...recurringCompleted,
              '00000000-0000-4000-8000-000000000000',
            ])
            .execute()
        ).length;
      expect(recurringCompleted.size).toBeGreaterThan(0);
      await expect
        .poll(successors, { timeout: 60_000, interval: 500 })
        .toBe(recurringCompleted.size);

      // Everything published and audited (the launcher has restarted every killed process by now).
      const pending = async () =>
        Number(
          (
            await sql<{
              n: string;
            }>`select count(*) as n from outbox where published_at is null`.execute(db)
          ).rows[0]!.n,
        );
      await expect.poll(pending, { timeout: 60_000, interval: 500 }).toBe(0);
      const unaudited = async () =>
        Number(
          (
            await sql<{
              n: string;
            }>`select count(*) as n from outbox o where o.topic = 'task-events' and not exists (select 1 from audit_log a where a.event_id::text = o.event_id::text)`.execute(
              db,
            )
          ).rows[0]!.n,
        );
      await expect.poll(unaudited, { timeout: 60_000, interval: 500 }).toBe(0);

      // Exactly one effect per event: as many audit entries as task events, none without its event.
      const counts = (
        await sql<{ events: string; audited: string; orphans: string }>`
      select (select count(*) from outbox where topic = 'task-events') as events,
             (select count(*) from audit_log) as audited,
             (select count(*) from audit_log a where not exists (select 1 from outbox o where o.event_id::text = a.event_id::text)) as orphans`.execute(
          db,
        )
      ).rows[0]!;
      expect(Number(counts.audited)).toBe(Number(counts.events));
      expect(Number(counts.orphans)).toBe(0);

      // Every acknowledged write is there; an unacknowledged one whole or not at all.
      const rows = await db
        .selectFrom('tasks')
        .select(['id', 'title', 'status', 'version'])
        .where('id', 'in', [...created])
        .execute();
      expect(rows.length).toBe(created.size);
      for (const row of rows) {
        const attempts = titles.get(row.id)!;
        const lastAcked = attempts.map((a) => a.acked).lastIndexOf(true);
        const possible = attempts.slice(lastAcked).map((a) => a.title);
        expect(possible, row.id).toContain(row.title);
        if (completedAcked.has(row.id)) expect(row.status).toBe('completed');
      }
      expect(await consistencyProblems(db)).toEqual([]);
    } finally {
      await db.destroy();
    }
    const code = await running.stop('SIGTERM');
    // Seen once in five runs: exit 1 here, every data check above passed. Say why, when it happens.
    if (code !== 0)
      console.error(
        running
          .output()
          .split('\n')
          .filter(
            (l) => /"level":(40|50|60)|shutting|exit/.test(l) && !l.includes('"msg":"request"'),
          )
          .slice(-25)
          .join('\n'),
      );
    expect(code).toBe(0);
  },
);
