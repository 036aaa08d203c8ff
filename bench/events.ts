// npm run bench (part 3): the event spine in embedded mode (dist/main.js: every function in one
// process, the in-process bus publishing to the audit-writer).
// 1. End-to-end latency from POST /api/tasks answering to its audit entry being committed, measured
//    with a NOTIFY fired by a bench-only trigger, which PostgreSQL delivers at commit.
// 2. Task creation throughput with publishing on, against the bare two-insert route.
// 3. The two latency phases of 1 against a bare program (bench/bare-chain.mjs): Ripple's chain without
//    Ripple's code, with Ripple's consumers and with only the one each goal waits for.
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import {
  benchDatabase,
  load,
  loadRow as row,
  meanOf as mean,
  notifyOnInsert,
  percentile,
  spawnServer,
  type LoadResult,
} from './support.js';
import { goal, offGoal, type Goal } from './goals.js';

const { values: args } = parseArgs({
  options: {
    tasks: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '2' },
  },
});
const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123';

const pg = await benchDatabase();
const sql = postgres(pg.url, { max: 2, onnotice: () => {} });
try {
  await notifyOnInsert(sql, 'audit_log', 'task_id', 'bench_audit');
  await notifyOnInsert(
    sql,
    'tasks',
    'recurred_from',
    'bench_next',
    'new.recurred_from is not null',
  );
  const committed = new Map<string, number>();
  const waiting = new Map<string, () => void>();
  const arrived = (taskId: string) => {
    committed.set(taskId, performance.now());
    waiting.get(taskId)?.();
  };
  await sql.listen('bench_audit', arrived);
  // Keyed by the completed task: its successor is committed.
  await sql.listen('bench_next', (taskId) => arrived(`next:${taskId}`));

  const env = { DATABASE_URL: pg.url, JWT_SECRET, LOG_LEVEL: 'warn', DB_POOL_MAX: '10' };
  const ripple = await spawnServer(['dist/main.js'], env, '/readyz');
  const users: { token: string; id: string }[] = [];
  for (let i = 0; i < Number(args.connections); i++) {
    const res = await fetch(`${ripple.url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `events${i}@example.com`, password: 'benchmark password' }),
    });
    const body = (await res.json()) as { token: string; user: { id: string } };
    users.push({ token: body.token, id: body.user.id });
  }

  // Who makes a request: Ripple reads the token; the bare program, which checks none, the user's id.
  const who = (user: (typeof users)[number]) => ({
    authorization: `Bearer ${user.token}`,
    'x-bench-user': user.id,
  });
  /** When the effect keyed `key` committed; an effect that never comes fails the bench rather than hang it. */
  const arrival = async (key: string): Promise<number> => {
    if (!committed.has(key))
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${key}: no effect within 30 s`)), 30_000);
        waiting.set(key, () => {
          clearTimeout(timer);
          resolve();
        });
      });
    waiting.delete(key);
    return committed.get(key)!;
  };

  // 1. Latency, at a modest concurrency: each client creates a task, then the next. `api` is where
  // tasks are created and completed: Ripple's /api, or a bare program's (below).
  const auditLatencies = async (api: string, tasks: number) => {
    const latencies: number[] = [];
    let remaining = tasks;
    const client = async (user: (typeof users)[number]) => {
      while (remaining-- > 0) {
        const res = await fetch(`${api}/tasks`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...who(user) },
          body: '{"title":"Latency"}',
        });
        const answeredAt = performance.now();
        const { id } = (await res.json()) as { id: string };
        latencies.push((await arrival(id)) - answeredAt);
      }
    };
    await Promise.all(users.slice(0, Number(args.concurrency)).map(client));
    return latencies;
  };
  await auditLatencies(`${ripple.url}/api`, 200); // warm-up, as the bare program gets
  const latencies = await auditLatencies(`${ripple.url}/api`, Number(args.tasks));

  // 1b. Complete a recurring task -> its next occurrence committed (the recurrence consumer).
  const nextOccurrenceLatencies = async (api: string, tasks: number) => {
    const recurring: { user: (typeof users)[number]; id: string }[] = [];
    for (let i = 0; i < tasks; i++) {
      const user = users[i % Number(args.concurrency)]!;
      const res = await fetch(`${api}/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...who(user) },
        body: JSON.stringify({
          title: 'Daily',
          due_at: new Date(Date.now() + 3_600_000).toISOString(),
          recurrence: { frequency: 'daily' },
        }),
      });
      recurring.push({ user, id: ((await res.json()) as { id: string }).id });
    }
    const latencies: number[] = [];
    await Promise.all(
      Array.from({ length: Number(args.concurrency) }, async () => {
        for (let task = recurring.shift(); task; task = recurring.shift()) {
          await fetch(`${api}/tasks/${task.id}/complete`, {
            method: 'POST',
            headers: who(task.user),
          }).then((r) => r.arrayBuffer());
          const answeredAt = performance.now();
          latencies.push((await arrival(`next:${task.id}`)) - answeredAt);
        }
      }),
    );
    return latencies;
  };
  const nextLatencies = await nextOccurrenceLatencies(`${ripple.url}/api`, Number(args.tasks) / 2);

  // 2. Throughput with publishing on, against the bare route (no publishing, no consumer).
  const bare = await spawnServer(['bench/bare-server.mjs'], {
    ...env,
    BENCH_USER_ID: users[0]!.id,
  });
  const body = JSON.stringify({ title: 'Benchmark task', priority: 'high' });
  const connections = Number(args.connections);
  const runRipple = (s: number) =>
    load({
      url: `${ripple.url}/api/tasks`,
      method: 'POST',
      body,
      connections,
      seconds: s,
      headersFor: (i) => ({ authorization: `Bearer ${users[i % users.length]!.token}` }),
    });
  const runBare = (s: number) =>
    load({ url: `${bare.url}/tasks`, method: 'POST', body, connections, seconds: s });
  // Counts what Ripple created (the bare route writes a 'bench.task.created' outbox row per task)
  // against what reached the audit log.
  const counts = async () =>
    (
      await sql<{ tasks: number; audited: number }[]>`
        select (select count(*)::int from tasks) - (select count(*)::int from outbox where event_type = 'bench.task.created') as tasks,
               (select count(*)::int from audit_log where event_type = 'created') as audited`
    )[0]!;
  /** Waits until every task Ripple created is audited; answers how long that took after the load ended. */
  const catchUp = async () => {
    const started = performance.now();
    for (let c = await counts(); c.audited < c.tasks; c = await counts()) {
      if (performance.now() - started > 120_000)
        throw new Error(`audit log stuck at ${c.audited} of ${c.tasks}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return performance.now() - started;
  };
  await runRipple(3);
  await catchUp();
  await runBare(3);
  const rippleRuns: (LoadResult & { catchUpMs: number })[] = [];
  const bareRuns: LoadResult[] = [];
  for (let r = 0; r < Number(args.rounds); r++) {
    const run = await runRipple(Number(args.seconds));
    rippleRuns.push({ ...run, catchUpMs: await catchUp() });
    bareRuns.push(await runBare(Number(args.seconds)));
  }
  const lag = await counts();
  await bare.stop();
  await ripple.stop();

  // 3. The same clients against a bare program (bench/bare-chain.mjs: Ripple's chain in no more round
  // trips, none of Ripple's code), with Ripple's consumers, then with only the one each goal waits for.
  // It runs after the throughput phase, on a database fuller by that phase's tasks.
  const bareChain = async (consumers: 'all' | 'goal') => {
    const chain = await spawnServer(['bench/bare-chain.mjs'], { ...env, BENCH_CHAIN: consumers });
    await auditLatencies(chain.url, 200); // warm-up
    const audit = await auditLatencies(chain.url, Number(args.tasks));
    const next = await nextOccurrenceLatencies(chain.url, Number(args.tasks) / 2);
    await chain.stop();
    return { audit, next };
  };
  const bareAll = await bareChain('all');
  const bareGoal = await bareChain('goal');

  const ratio = mean(rippleRuns, 'rps') / mean(bareRuns, 'rps');
  // Sustained: tasks created and audited, over the load time plus the time the audit log needed to catch up.
  const sustained =
    rippleRuns.reduce((a, r) => a + r.requests / (Number(args.seconds) + r.catchUpMs / 1000), 0) /
    rippleRuns.length;
  const sustainedRatio = sustained / mean(bareRuns, 'rps');
  const p95 = percentile(latencies, 95);
  const latencyRow = (server: string, xs: number[]) =>
    `| ${server} | ${[50, 95, 99].map((p) => percentile(xs, p).toFixed(1)).join(' | ')} | ${Math.max(...xs).toFixed(1)} |`;
  // The latency goals are for 10 clients: a run with --concurrency otherwise says its figure, not met or missed.
  const clients = Number(args.concurrency);
  const latencyGoal = (g: Goal) =>
    clients === 10 ? goal(g) : offGoal(g, `${clients} client${clients === 1 ? '' : 's'}`);
  console.log(
    `\n## Event spine, embedded mode: answer to audit entry committed, ${latencies.length} tasks, ${args.concurrency} clients\n`,
  );
  console.log('| server | p50 ms | p95 ms | p99 ms | max ms |');
  console.log('|---|---|---|---|---|');
  console.log(latencyRow('dist/main.js (Ripple, embedded)', latencies));
  console.log(latencyRow('bare chain, the same consumers (audit, stream)', bareAll.audit));
  console.log(latencyRow('bare chain, the audit log alone', bareGoal.audit));
  console.log(
    `\n${latencyGoal({ bench: 'events', measure: 'answer → audit committed p95, 10 clients', figure: p95, unit: 'ms', op: '<', target: 30, floor: percentile(bareGoal.audit, 95) })}`,
  );
  const nextP95 = percentile(nextLatencies, 95);
  console.log(
    `\n## Recurrence: complete answered to next occurrence committed, ${nextLatencies.length} tasks, ${args.concurrency} clients\n`,
  );
  console.log('| server | p50 ms | p95 ms | p99 ms | max ms |');
  console.log('|---|---|---|---|---|');
  console.log(latencyRow('dist/main.js (Ripple, embedded)', nextLatencies));
  console.log(
    latencyRow('bare chain, the same consumers (audit, stream, recurrence)', bareAll.next),
  );
  console.log(latencyRow('bare chain, the recurrence alone', bareGoal.next));
  console.log(
    `\n${latencyGoal({ bench: 'events', measure: 'complete → next occurrence p95, 10 clients', figure: nextP95, unit: 'ms', op: '<', target: 50, floor: percentile(bareGoal.next, 95) })}`,
  );
  console.log(
    `\n## Task creation with publishing on (embedded: bus + audit-writer in process), ${connections} connections, ${args.rounds} x ${args.seconds} s\n`,
  );
  console.log('| server | req/s | p50 ms | p99 ms | errors + non-2xx |');
  console.log('|---|---|---|---|---|');
  console.log(row('dist/main.js POST /api/tasks (publishing and auditing every task)', rippleRuns));
  console.log(row('bare Hono + postgres.js (task + outbox insert, nothing published)', bareRuns));
  console.log(`\nratio, answered: ${ratio.toFixed(2)}`);
  console.log(
    `audit log caught up ${rippleRuns.map((r) => `${r.catchUpMs.toFixed(0)} ms`).join(', ')} after the load ended`,
  );
  console.log(
    goal({
      bench: 'events',
      measure: 'creation published and audited, sustained ÷ bare two-insert',
      figure: sustainedRatio,
      unit: '',
      op: '>=',
      target: 0.6,
    }),
  );
  console.log(
    `every task audited afterwards: ${lag.audited} of ${lag.tasks} ${lag.audited === lag.tasks ? 'yes' : 'NO'}`,
  );
} finally {
  await sql.end();
  await pg.stop();
}
