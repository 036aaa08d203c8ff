// npm run bench: task creation through the real function versus a bare Hono route doing the same two
// inserts, and the cold start of one function versus a bare Hono server. Prints a table for BENCHMARKS.md.
import { parseArgs } from 'node:util';
import {
  benchDatabase,
  load,
  loadRow as row,
  meanOf as mean,
  median,
  spawnServer,
  timeMcpInitialize,
  type LoadResult,
} from './support.js';
import { goal } from './goals.js';
import { startProcess } from '../test/support/process.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '2' },
    'cold-starts': { type: 'string', default: '10' },
  },
});
const seconds = Number(args.seconds);
const connections = Number(args.connections);
const rounds = Number(args.rounds);
const coldStarts = Number(args['cold-starts']);
const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123';

const pg = await benchDatabase();
try {
  const env = { DATABASE_URL: pg.url, JWT_SECRET, LOG_LEVEL: 'info', DB_POOL_MAX: '10' };

  // One user per connection, signed up through the real function.
  const signup = await spawnServer(['dist/serve.js', 'auth-signup'], env);
  const users: { token: string; id: string }[] = [];
  for (let i = 0; i < connections; i++) {
    const res = await fetch(`${signup.url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `bench${i}@example.com`, password: 'benchmark password' }),
    });
    const body = (await res.json()) as { token: string; user: { id: string } };
    users.push({ token: body.token, id: body.user.id });
  }
  await signup.stop();

  const real = await spawnServer(['dist/serve.js', 'tasks-create'], env);
  const bare = await spawnServer(['bench/bare-server.mjs'], {
    ...env,
    BENCH_USER_ID: users[0]!.id,
  });
  const body = JSON.stringify({ title: 'Benchmark task', priority: 'high' });
  const runReal = (s: number) =>
    load({
      url: `${real.url}/api/tasks`,
      method: 'POST',
      body,
      connections,
      seconds: s,
      headersFor: (i) => ({ authorization: `Bearer ${users[i % users.length]!.token}` }),
    });
  const runBare = (s: number) =>
    load({ url: `${bare.url}/tasks`, method: 'POST', body, connections, seconds: s });
  // As the UI sends every change: with a fresh Idempotency-Key, stored with the change in its transaction.
  let keys = 0;
  const runKeyed = (s: number) =>
    load({
      url: `${real.url}/api/tasks`,
      method: 'POST',
      body,
      connections,
      seconds: s,
      headersFor: (i) => ({ authorization: `Bearer ${users[i % users.length]!.token}` }),
      headersPerRequest: () => ({ 'idempotency-key': `"bench-${process.pid}-${++keys}"` }),
    });

  console.log(`warming up (${connections} connections)...`);
  await runReal(3);
  await runBare(3);
  await runKeyed(3);
  const realRuns: LoadResult[] = [];
  const bareRuns: LoadResult[] = [];
  const keyedRuns: LoadResult[] = [];
  for (let r = 0; r < rounds; r++) {
    realRuns.push(await runReal(seconds));
    bareRuns.push(await runBare(seconds));
    keyedRuns.push(await runKeyed(seconds));
  }
  await real.stop();
  await bare.stop();

  const ratio = mean(realRuns, 'rps') / mean(bareRuns, 'rps');

  const coldReal: number[] = [];
  const coldBare: number[] = [];
  const readyReal: number[] = [];
  const readyAsCluster: number[] = [];
  const listened: number[] = [];
  const coldMcp: number[] = [];
  const firstMcp: number[] = [];
  for (let i = 0; i < coldStarts; i++) {
    // Also the time until it can serve a task: /readyz answers 200 once connected and migrated.
    const r = await spawnServer(['dist/serve.js', 'tasks-create'], env, '/readyz');
    readyReal.push(r.readyMs);
    await r.stop();
    // As the cluster runs it: a Job migrates, so a function only connects (knative/, RIPPLE_MIGRATE=false).
    const c = await spawnServer(
      ['dist/serve.js', 'tasks-create'],
      { ...env, RIPPLE_MIGRATE: 'false' },
      '/readyz',
    );
    readyAsCluster.push(c.readyMs);
    await c.stop();
    const a = await spawnServer(['dist/serve.js', 'tasks-create'], env);
    coldReal.push(a.readyMs);
    await a.stop();
    // Its own time to listen, from its start line; a start apart, as reading its output is work the bare server's start is not given.
    const l = await startProcess('serve', ['tasks-create'], env);
    listened.push(Number(/"startedMs":(\d+)/.exec(l.output())![1]));
    await l.stop();
    const b = await spawnServer(['bench/bare-hello.mjs'], {});
    coldBare.push(b.readyMs);
    await b.stop();
    // mcp loads the MCP SDK on its first request: also the time to its first answer (initialize).
    const m = await spawnServer(['dist/serve.js', 'mcp'], env);
    coldMcp.push(m.readyMs);
    firstMcp.push(m.readyMs + (await timeMcpInitialize(m.url, users[0]!.token)));
    await m.stop();
  }
  const coldRatio = median(coldReal) / median(coldBare);

  console.log(`\n## Task creation, ${connections} connections, ${rounds} x ${seconds} s each\n`);
  console.log('| server | req/s | p50 ms | p99 ms | errors + non-2xx |');
  console.log('|---|---|---|---|---|');
  console.log(row('tasks-create (auth + zod; place + task + outbox in one statement)', realRuns));
  console.log(row('bare Hono + postgres.js (same two inserts, one tx)', bareRuns));
  console.log(
    row(
      'tasks-create with an Idempotency-Key (a transaction: the claim, place, task, outbox and answer)',
      keyedRuns,
    ),
  );
  console.log(
    `\n${goal({ bench: 'run', measure: 'plain creation ÷ bare route', figure: ratio, unit: '', op: '>=', target: 0.9 })}`,
  );
  console.log(
    `with a key, of plain tasks-create: ${(mean(keyedRuns, 'rps') / mean(realRuns, 'rps')).toFixed(2)}`,
  );
  console.log(`\n## Cold start: spawn to first 200 on /healthz, median of ${coldStarts}\n`);
  console.log('| server | median ms | min ms | max ms |');
  console.log('|---|---|---|---|');
  console.log(
    `| dist/serve.js tasks-create (listens, then connects and migrates) | ${median(coldReal).toFixed(0)} | ${Math.min(...coldReal).toFixed(0)} | ${Math.max(...coldReal).toFixed(0)} |`,
  );
  console.log(
    `| dist/serve.js tasks-create: its own start to listening (startedMs in its start line) | ${median(listened).toFixed(0)} | ${Math.min(...listened).toFixed(0)} | ${Math.max(...listened).toFixed(0)} |`,
  );
  console.log(
    `| dist/serve.js tasks-create, to first 200 on /readyz (database connected, migrations checked) | ${median(readyReal).toFixed(0)} | ${Math.min(...readyReal).toFixed(0)} | ${Math.max(...readyReal).toFixed(0)} |`,
  );
  console.log(
    `| dist/serve.js tasks-create, to first 200 on /readyz as the cluster runs it (RIPPLE_MIGRATE=false: connected) | ${median(readyAsCluster).toFixed(0)} | ${Math.min(...readyAsCluster).toFixed(0)} | ${Math.max(...readyAsCluster).toFixed(0)} |`,
  );
  console.log(
    `| dist/serve.js mcp | ${median(coldMcp).toFixed(0)} | ${Math.min(...coldMcp).toFixed(0)} | ${Math.max(...coldMcp).toFixed(0)} |`,
  );
  console.log(
    `| dist/serve.js mcp, to its first MCP answer (initialize; loads the SDK) | ${median(firstMcp).toFixed(0)} | ${Math.min(...firstMcp).toFixed(0)} | ${Math.max(...firstMcp).toFixed(0)} |`,
  );
  console.log(
    `| bare Hono server | ${median(coldBare).toFixed(0)} | ${Math.min(...coldBare).toFixed(0)} | ${Math.max(...coldBare).toFixed(0)} |`,
  );
  console.log(
    `\n${goal({ bench: 'run', measure: 'cold start ÷ bare Hono', figure: coldRatio, unit: '', op: '<=', target: 1.2 })}`,
  );
} finally {
  await pg.stop();
}
