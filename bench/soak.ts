// npm run bench (part 6): a soak. Multi-process mode (dist/multi.js: every function in its own process
// behind the gateway, events over HTTP, as in the cluster), 100 users each running a closed loop of
// mixed reads and writes for a few minutes. Reports the error count (target 0), latency percentiles
// per operation, the outbox drained at the end, and each process's RSS over the run (no growth trend).
import { readFileSync, readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { benchDatabase, percentile, spawnServer } from './support.js';

const { values: args } = parseArgs({
  options: {
    users: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '180' },
    'warm-up': { type: 'string', default: '20' },
    'sample-every': { type: 'string', default: '5' },
  },
});
const USERS = Number(args.users);
const SECONDS = Number(args.seconds);
const WARM_UP = Number(args['warm-up']);
const SAMPLE_EVERY = Number(args['sample-every']);
const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123';

/** The resident set of a process, in MB, from /proc (Linux). */
function rssMb(pid: number): number | null {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/** The launcher's function processes: pid → function name (their command line is `serve.js <name>`). */
function childrenOf(parent: number): Map<number, string> {
  const found = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== parent) continue;
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const at = argv.findIndex((a) => a.endsWith('serve.js'));
      if (at >= 0) found.set(Number(entry), argv[at + 1]!);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Least-squares slope of (t, y) in units of y per minute. */
function slopePerMinute(points: { t: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mt = points.reduce((a, p) => a + p.t, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const num = points.reduce((a, p) => a + (p.t - mt) * (p.y - my), 0);
  const den = points.reduce((a, p) => a + (p.t - mt) ** 2, 0);
  return den === 0 ? 0 : (num / den) * 60_000;
}

interface Task {
  id: string;
  version: number;
  status: 'pending' | 'completed';
}

const pg = await benchDatabase();
const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
// Stopped in `finally` even when Ripple does not start: no PostgreSQL left behind.
const ripple = await spawnServer(
  ['dist/multi.js'],
  { DATABASE_URL: pg.url, JWT_SECRET, LOG_LEVEL: 'warn', RELAY_INTERVAL_MS: '1000' },
  '/readyz',
).catch(async (err: unknown) => {
  await sql.end();
  await pg.stop();
  throw err;
});
try {
  const base = ripple.url;
  const users: string[] = [];
  for (let i = 0; i < USERS; i++) {
    const res = await fetch(`${base}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `soak${i}@example.com`, password: 'soak password' }),
    });
    if (res.status !== 201) throw new Error(`sign-up ${i}: ${res.status} ${await res.text()}`);
    users.push(((await res.json()) as { token: string }).token);
  }

  const latencies = new Map<string, number[]>();
  const errors = new Map<string, number>();
  let requests = 0;
  let measuring = false;
  let running = true;
  async function call(
    op: string,
    token: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; json: Task } | null> {
    const started = performance.now();
    try {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      const ms = performance.now() - started;
      if (measuring) {
        requests++;
        (latencies.get(op) ?? latencies.set(op, []).get(op)!).push(ms);
        if (res.status >= 300)
          errors.set(`${op} ${res.status}`, (errors.get(`${op} ${res.status}`) ?? 0) + 1);
      }
      return { status: res.status, json: (text ? JSON.parse(text) : null) as Task };
    } catch (err) {
      if (measuring) {
        requests++;
        const key = `${op} ${(err as Error).name}`;
        errors.set(key, (errors.get(key) ?? 0) + 1);
      }
      return null;
    }
  }

  const TAGS = ['home', 'work', 'errands', 'soak'];
  const PRIORITIES = ['low', 'medium', 'high', 'urgent'];
  async function user(token: string, n: number) {
    const tasks: Task[] = [];
    const pick = () => tasks[Math.floor(Math.random() * tasks.length)];
    const keep = (t: { id: string; version: number; status: Task['status'] }) => {
      const at = tasks.findIndex((x) => x.id === t.id);
      const entry = { id: t.id, version: t.version, status: t.status };
      if (at >= 0) tasks[at] = entry;
      else tasks.push(entry);
    };
    for (let i = 0; running; i++) {
      const roll = Math.random();
      const task = pick();
      if (roll < 0.25 || !task) {
        const res = await call('create', token, 'POST', '/api/tasks', {
          title: `soak ${n}.${i}`,
          priority: PRIORITIES[i % 4],
          tags: [TAGS[i % 4]!],
          // Some due, and some of those recurring (a completion then spawns the next occurrence).
          ...(i % 3 === 0
            ? {
                due_at: new Date(Date.now() + 86_400_000 * (1 + (i % 10))).toISOString(),
                ...(i % 2 === 0 ? { recurrence: { frequency: 'weekly', interval: 1 } } : {}),
              }
            : {}),
        });
        if (res?.status === 201) keep(res.json);
      } else if (roll < 0.5) {
        const query = [
          '',
          '&priority=high,urgent',
          '&sort=due_at&order=asc',
          '&q=soak',
          '&tags=home',
          '&status=completed',
        ][i % 6];
        await call('list', token, 'GET', `/api/tasks?limit=20${query}`);
      } else if (roll < 0.6) {
        await call('get', token, 'GET', `/api/tasks/${task.id}`);
      } else if (roll < 0.75) {
        const res = await call(
          'update',
          token,
          'PATCH',
          `/api/tasks/${task.id}`,
          { title: `soak ${n}.${i} edited`, priority: PRIORITIES[(i + 1) % 4] },
          { 'if-match': `"${task.version}"` },
        );
        if (res?.status === 200) keep(res.json);
      } else if (roll < 0.85) {
        const action = task.status === 'pending' ? 'complete' : 'reopen';
        const res = await call(action, token, 'POST', `/api/tasks/${task.id}/${action}`);
        if (res?.status === 200) keep(res.json);
      } else if (roll < 0.9) {
        const res = await call('delete', token, 'DELETE', `/api/tasks/${task.id}`);
        if (res?.status === 204) tasks.splice(tasks.indexOf(task), 1);
        if (i % 2 === 0 && res?.status === 204) {
          const restored = await call('restore', token, 'POST', `/api/tasks/${task.id}/restore`);
          if (restored?.status === 200) keep(restored.json);
        }
      } else if (roll < 0.95) {
        await call('tags', token, 'GET', '/api/tags');
      } else {
        await call('audit', token, 'GET', '/api/audit?limit=20');
      }
    }
  }

  // RSS of every function process (and the launcher with its gateway), sampled through the run.
  const pids = childrenOf(ripple.child.pid!);
  pids.set(ripple.child.pid!, 'launcher + gateway');
  const samples = new Map<number, { t: number; y: number }[]>();
  const sample = (t: number) => {
    for (const pid of pids.keys()) {
      const mb = rssMb(pid);
      if (mb !== null) (samples.get(pid) ?? samples.set(pid, []).get(pid)!).push({ t, y: mb });
    }
  };

  console.log(
    `soak: ${USERS} users, ${pids.size - 1} function processes, ${WARM_UP} s warm-up, then ${SECONDS} s measured...`,
  );
  const loops = users.map((token, n) => user(token, n));
  await new Promise((r) => setTimeout(r, WARM_UP * 1000));
  measuring = true;
  const started = performance.now();
  sample(0);
  const sampler = setInterval(() => sample(performance.now() - started), SAMPLE_EVERY * 1000);
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  clearInterval(sampler);
  sample(performance.now() - started);
  measuring = false;
  running = false;
  await Promise.all(loops);
  const elapsed = (performance.now() - started) / 1000;

  // Every event published and every task event audited, shortly after the load stops.
  const drainStarted = performance.now();
  let pending = -1;
  let unaudited = -1;
  for (; performance.now() - drainStarted < 60_000; await new Promise((r) => setTimeout(r, 500))) {
    pending = Number(
      (await sql`select count(*) as n from outbox where published_at is null`)[0]!.n,
    );
    unaudited = Number(
      (
        await sql`select count(*) as n from outbox o where o.topic = 'task-events' and not exists (select 1 from audit_log a where a.event_id::text = o.event_id::text)`
      )[0]!.n,
    );
    if (pending === 0 && unaudited === 0) break;
  }
  const drainMs = performance.now() - drainStarted;
  const restarts = [...childrenOf(ripple.child.pid!).keys()].filter((pid) => !pids.has(pid)).length;

  const all = [...latencies.values()].flat();
  const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
  console.log(
    `\n## Soak: ${USERS} users, multi-process, ${elapsed.toFixed(0)} s measured after ${WARM_UP} s warm-up\n`,
  );
  console.log(
    `requests: ${requests} (${(requests / elapsed).toFixed(0)}/s); errors and non-2xx: ${errorCount}${errorCount ? ` (${[...errors].map(([k, v]) => `${k}: ${v}`).join(', ')})` : ''}`,
  );
  console.log(
    `after the load: outbox unpublished ${pending}, task events not audited ${unaudited} (${(drainMs / 1000).toFixed(1)} s to drain); function processes restarted: ${restarts}\n`,
  );
  console.log('| operation | requests | p50 ms | p95 ms | p99 ms |');
  console.log('|---|---|---|---|---|');
  for (const [op, xs] of [
    ['all', all] as const,
    ...[...latencies].sort((a, b) => b[1].length - a[1].length),
  ]) {
    console.log(
      `| ${op} | ${xs.length} | ${percentile(xs, 50).toFixed(1)} | ${percentile(xs, 95).toFixed(1)} | ${percentile(xs, 99).toFixed(1)} |`,
    );
  }
  console.log('\n| process | RSS start MB | RSS end MB | peak MB | trend, 2nd half (MB/min) |');
  console.log('|---|---|---|---|---|');
  const rows = [...samples].map(([pid, points]) => {
    const half = points.filter((p) => p.t >= (SECONDS * 1000) / 2);
    return {
      name: pids.get(pid)!,
      start: points[0]!.y,
      end: points.at(-1)!.y,
      peak: Math.max(...points.map((p) => p.y)),
      slope: slopePerMinute(half),
    };
  });
  for (const r of rows.sort((a, b) => b.end - a.end)) {
    console.log(
      `| ${r.name} | ${r.start.toFixed(1)} | ${r.end.toFixed(1)} | ${r.peak.toFixed(1)} | ${r.slope >= 0 ? '+' : ''}${r.slope.toFixed(2)} |`,
    );
  }
  const total = (k: 'start' | 'end') => rows.reduce((a, r) => a + r[k], 0);
  console.log(
    `| all ${rows.length} processes | ${total('start').toFixed(0)} | ${total('end').toFixed(0)} | | |`,
  );
} finally {
  await ripple.stop();
  await sql.end();
  await pg.stop();
}
