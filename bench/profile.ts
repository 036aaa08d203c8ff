// Runs one function (tasks-create, tasks-list over a seeded page, or `embedded`: dist/main.js taking tasks) under load with --cpu-prof and
// prints where its CPU went: self and inclusive time per function. Run: npx tsx bench/profile.ts [fn]
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { connectDb } from '../functions/_shared/db/connect.js';
import { benchDatabase, load, spawnServer } from './support.js';

const fn = process.argv[2] ?? 'tasks-create';
const pg = await benchDatabase();
const profDir = await mkdtemp(path.join(tmpdir(), 'ripple-prof-'));
try {
  const env = {
    DATABASE_URL: pg.url,
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    LOG_LEVEL: 'info',
  };
  const signup = await spawnServer(['dist/serve.js', 'auth-signup'], env);
  const res = await fetch(`${signup.url}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'p@example.com', password: 'profile password' }),
  });
  const { token, user } = (await res.json()) as { token: string; user: { id: string } };
  await signup.stop();
  if (fn === 'tasks-list') {
    // A full page to list: 60 tagged tasks in the user's Inbox.
    const seed = connectDb({ url: pg.url, poolMax: 1, statementTimeoutMs: 30_000 });
    await sql`insert into tags (id, user_id, name, color) values (gen_random_uuid(), ${user.id}, 'work', '#0284c7')`.execute(
      seed,
    );
    await sql`insert into tasks (id, user_id, project_id, title, description, priority, due_at, created_at, updated_at)
      select gen_random_uuid(), ${user.id}, (select id from projects where owner_id = ${user.id} and is_inbox), 'Task number ' || i, 'Some notes', 'high', now() + i * interval '1 hour', now() - i * interval '1 minute', now()
      from generate_series(1, 60) i`.execute(seed);
    await sql`insert into task_tags select t.id, g.id from tasks t, tags g where t.user_id = ${user.id}`.execute(
      seed,
    );
    await seed.destroy();
  }
  // "embedded": every function in one process, publishing each task to the audit-writer.
  const entry = fn === 'embedded' ? ['dist/main.js'] : ['dist/serve.js', fn];
  const server = await spawnServer(['--cpu-prof', `--cpu-prof-dir=${profDir}`, ...entry], env);
  const reads = fn === 'tasks-list';
  const result = await load({
    url: `${server.url}/api/tasks`,
    method: reads ? 'GET' : 'POST',
    ...(reads ? {} : { body: JSON.stringify({ title: 'Profiled' }) }),
    connections: 100,
    seconds: 5,
    headersFor: () => ({ authorization: `Bearer ${token}` }),
  });
  console.log(result);
  await server.stop();
  const [file] = await readdir(profDir);
  const profile = JSON.parse(await readFile(path.join(profDir, file!), 'utf8')) as {
    nodes: {
      id: number;
      children?: number[];
      callFrame: { functionName: string; url: string; lineNumber: number };
    }[];
    samples: number[];
  };
  // Inclusive time per function: a sample counts for every function on its stack.
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const label = (id: number) => {
    const f = byId.get(id)!.callFrame;
    return `${f.functionName || '(anon)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber}`;
  };
  const inclusive = new Map<string, number>();
  let busy = 0;
  for (const sample of profile.samples) {
    if (label(sample).startsWith('(idle)')) continue;
    busy++;
    const seen = new Set<string>();
    for (let id: number | undefined = sample; id !== undefined; id = parent.get(id))
      seen.add(label(id));
    for (const l of seen) inclusive.set(l, (inclusive.get(l) ?? 0) + 1);
  }
  console.log(`busy samples: ${busy} of ${profile.samples.length}`);
  const self = new Map<string, number>();
  for (const sample of profile.samples) self.set(label(sample), (self.get(label(sample)) ?? 0) + 1);
  console.log('-- self time');
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(1, 30))
    console.log(((v / busy) * 100).toFixed(1).padStart(5), '%', k);
  console.log('-- inclusive time');
  for (const [k, v] of [...inclusive]
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(process.env.TOP ?? 45)))
    console.log(((v / busy) * 100).toFixed(1).padStart(5), '%', k);
} finally {
  await pg.stop();
  await rm(profDir, { recursive: true, force: true });
}
