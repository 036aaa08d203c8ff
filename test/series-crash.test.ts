import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runSeriesScheduler } from '../functions/_shared/series/generate.js';
import { client } from './support/client.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { createTestDb, type TestDb } from './support/test-db.js';

const root = path.resolve(import.meta.dirname, '..');
let testDb: TestDb;
let t: TestApp;
beforeAll(async () => {
  testDb = await createTestDb();
  t = createTestApp(testDb, { env: { JWT_TTL_SECONDS: String(30 * 24 * 3600) } });
});
afterAll(async () => {
  await t?.close();
  await testDb?.drop();
});

const SERIES = 60;
const DAYS = 25;
const count = async (table: 'series_occurrences' | 'tasks') =>
  Number(
    (
      await testDb.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

it(
  'a scheduler killed (SIGKILL) in the middle of a catch-up loses nothing and makes nothing twice: the next run finishes it',
  { timeout: 120_000 },
  async () => {
    // Series made 25 days ago (on the test's clock), daily since: 25 missed occurrences each by the real
    // clock, the next one due two hours from now.
    const start = new Date(Date.now() - DAYS * 86_400_000 + 2 * 3_600_000);
    t.clock.set(new Date(start.getTime() - 60_000));
    const signup = await client(t.app).post('/api/auth/signup', {
      email: 'crash@example.com',
      password: 'crash test pass',
    });
    const user = client(t.app, signup.body.token);
    for (let i = 0; i < SERIES; i++) {
      const res = await user.post('/api/series', {
        title: `Crash ${i}`,
        rrule: 'FREQ=DAILY',
        start: new Date(start.getTime() + i * 60_000).toISOString(),
        lead_minutes: 0,
      });
      expect(res.status).toBe(201);
    }
    const total = SERIES * DAYS;

    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'test/support/series-worker.ts'), testDb.url],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    // Killed once a good part is written, well before the end.
    for (let done = 0; done < total / 4; done = await count('series_occurrences')) {
      expect(output, output).not.toContain('finished');
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    // A COMMIT the server had already received completes without its client: let it land before counting.
    await new Promise((r) => setTimeout(r, 300));
    const atKill = await count('series_occurrences');
    expect(atKill).toBeLessThan(total);
    // What was committed is whole: every ledger line has its task, and no task is without one.
    expect(await count('tasks')).toBe(atKill);

    t.clock.set(new Date());
    expect(await runSeriesScheduler(t.deps)).toBe(total - atKill);
    expect(await runSeriesScheduler(t.deps)).toBe(0);

    const tasks = await testDb.db
      .selectFrom('tasks')
      .select(['id', 'series_id', 'due_at'])
      .orderBy('id')
      .execute();
    expect(tasks).toHaveLength(total);
    const bySeries = new Map<string | null, typeof tasks>();
    for (const task of tasks)
      bySeries.set(task.series_id, [...(bySeries.get(task.series_id) ?? []), task]);
    expect(bySeries.size).toBe(SERIES);
    for (const rows of bySeries.values()) {
      const dues = rows.map((r) => r.due_at!.getTime());
      // Every day once, created in order (ids are time-ordered UUIDv7s).
      expect(dues).toHaveLength(DAYS);
      expect(dues.every((d, i) => i === 0 || d - dues[i - 1]! === 86_400_000)).toBe(true);
    }
    // Each occurrence was written with exactly one task.created.
    const events = await testDb.db
      .selectFrom('outbox')
      .select('partition_key')
      .where('event_type', '=', 'dev.ripple.task.created')
      .execute();
    const perTask = new Map<string, number>();
    for (const e of events) perTask.set(e.partition_key, (perTask.get(e.partition_key) ?? 0) + 1);
    expect(tasks.every((task) => perTask.get(task.id) === 1)).toBe(true);
  },
);
