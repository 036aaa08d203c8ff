// npm run bench:series: generation of 10,000 due occurrences across 1,000 series "on schedule" in
// embedded mode (dist/main.js, its embedded series scheduler woken by NOTIFY). The series are made
// through the API, then moved back ten days in one statement (as if the scheduler had been stopped that
// long): the clock starts at that commit, and stops when the ledger holds every occurrence (created,
// each task with its task.created in the outbox) and when the audit log holds them all (delivered).
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { systemClock } from '../functions/_shared/clock.js';
import { loadConfig } from '../functions/_shared/config.js';
import { connectDb } from '../functions/_shared/db/connect.js';
import { uuidV7Ids } from '../functions/_shared/ids.js';
import { createLogger } from '../functions/_shared/logger.js';
import { createMetrics } from '../functions/_shared/metrics.js';
import { wireApp } from '../functions/_shared/runtime/wire.js';
import { runSeriesScheduler } from '../functions/_shared/series/generate.js';
import { registry } from '../functions/registry.js';
import { benchDatabase, spawnServer } from './support.js';

const { values: args } = parseArgs({
  options: {
    series: { type: 'string', default: '1000' },
    days: { type: 'string', default: '10' },
    users: { type: 'string', default: '10' },
  },
});
const SERIES = Number(args.series);
const DAYS = Number(args.days);
const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123';

const pg = await benchDatabase();
const sql = postgres(pg.url, { max: 2, onnotice: () => {} });
const ripple = await spawnServer(
  ['dist/main.js'],
  { DATABASE_URL: pg.url, JWT_SECRET, LOG_LEVEL: 'warn', DB_POOL_MAX: '10' },
  '/readyz',
);
try {
  const start = new Date(Date.now() - DAYS * 86_400_000 + 30 * 60_000);
  const tokens: string[] = [];
  for (let u = 0; u < Number(args.users); u++) {
    const res = await fetch(`${ripple.url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `series${u}@example.com`, password: 'benchmark password' }),
    });
    tokens.push(((await res.json()) as { token: string }).token);
  }
  for (let i = 0; i < SERIES; i++) {
    const res = await fetch(`${ripple.url}/api/series`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${tokens[i % tokens.length]}`,
      },
      body: JSON.stringify({
        title: `Series ${i}`,
        rrule: 'FREQ=DAILY',
        start: new Date(start.getTime() + (i % 60) * 1000).toISOString(),
        lead_minutes: 0,
        tags: ['bench'],
      }),
    });
    if (res.status !== 201) throw new Error(`series ${i}: ${res.status} ${await res.text()}`);
  }
  const expected = SERIES * DAYS;
  const count = async (table: string) =>
    Number((await sql.unsafe(`select count(*)::int as n from ${table}`))[0]!.n);
  const t0 = performance.now();
  await sql`update series set next_due = dtstart, next_create_at = dtstart`;
  let createdMs = 0;
  for (;;) {
    const [created, audited] = [await count('series_occurrences'), await count('audit_log')];
    if (!createdMs && created >= expected) createdMs = performance.now() - t0;
    if (created > expected) throw new Error(`${created} occurrences for ${expected}`);
    if (createdMs && audited >= expected) break;
    if (performance.now() - t0 > 600_000)
      throw new Error(`gave up: ${created} created, ${audited} audited`);
    await new Promise((r) => setTimeout(r, 25));
  }
  const deliveredMs = performance.now() - t0;
  const perSeries =
    await sql`select count(*)::int as n from series_occurrences group by series_id having count(*) <> ${DAYS}`;
  if (perSeries.length > 0)
    throw new Error(`${perSeries.length} series without exactly ${DAYS} occurrences`);
  const line = (label: string, ms: number) =>
    `${label.padEnd(44)} ${(ms / 1000).toFixed(2).padStart(7)} s  ${Math.round(
      (expected / ms) * 1000,
    )
      .toString()
      .padStart(6)} occurrences/s`;
  process.stdout.write(
    `series-scheduler: ${expected} due occurrences across ${SERIES} series (${DAYS} each), embedded\n`,
  );
  process.stdout.write(
    `${line('all created (tasks + ledger + outbox)', createdMs)}\n${line('all delivered (audit log holds every one)', deliveredMs)}\n`,
  );

  // The same generation again with the scheduler alone: one process, no consumers taking the events.
  await ripple.stop();
  await sql`delete from series_occurrences`;
  await sql`delete from tasks where series_id is not null`;
  const db = connectDb({ url: pg.url, poolMax: 10, statementTimeoutMs: 60_000 });
  const config = loadConfig({ LOG_LEVEL: 'silent', JWT_SECRET, RELAY_INTERVAL_MS: '0' });
  const alone = wireApp({
    config,
    db,
    databaseUrl: pg.url,
    jwtSecret: JWT_SECRET,
    logger: createLogger('silent'),
    clock: systemClock,
    ids: uuidV7Ids,
    metrics: createMetrics({ processMetrics: false }),
    functions: [],
    catalogue: registry,
    eventsFromNetwork: false,
  });
  const t1 = performance.now();
  await sql`update series set next_due = dtstart, next_create_at = dtstart, status = 'active'`;
  const made = await runSeriesScheduler(alone.deps);
  const aloneMs = performance.now() - t1;
  if (made !== expected) throw new Error(`alone: ${made} for ${expected}`);
  process.stdout.write(`${line('scheduler alone, no consumers (in-process)', aloneMs)}\n`);
  await alone.close();
  await db.destroy();
} finally {
  await ripple.stop();
  await sql.end();
  await pg.stop();
}
