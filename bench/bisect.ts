// Bisects where tasks-create's CPU per request goes, over real HTTP: the bare route, our domain alone
// behind a bare Hono route, the function's app without the shared middleware, and the whole function.
// Run: npm run build && npx tsx bench/bisect.ts
import { readFileSync } from 'node:fs';
import { benchDatabase, load, spawnServer } from './support.js';
const pg = await benchDatabase();
const env = {
  DATABASE_URL: pg.url,
  JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
  LOG_LEVEL: 'info',
};
const s1 = await spawnServer(['dist/serve.js', 'auth-signup'], env);
const r = await fetch(`${s1.url}/api/auth/signup`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: 'p@example.com', password: 'profile password' }),
});
const { token, user } = (await r.json()) as { token: string; user: { id: string } };
await s1.stop();
const variants: Record<string, string[]> = {
  bare: ['bench/bare-server.mjs'],
  'domain only': ['--import', 'tsx', 'bench/domain-server.ts'],
  'function app, no shared middleware': ['--import', 'tsx', 'bench/domain-server.ts'],
  'full function (dist/serve.js)': ['dist/serve.js', 'tasks-create'],
};
for (const [name, args] of Object.entries(variants)) {
  const s = await spawnServer(args, {
    ...env,
    BENCH_USER_ID: user.id,
    MODE: name.startsWith('function app') ? 'fn' : 'domain',
    ...(name.includes('silent') ? { LOG_LEVEL: 'silent' } : {}),
  });
  const cpu = () => {
    const f = readFileSync(`/proc/${s.child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  };
  await load({
    url: `${s.url}${name === 'bare' ? '/tasks' : '/api/tasks'}`,
    method: 'POST',
    body: '{"title":"x"}',
    connections: 50,
    seconds: 2,
    headersFor: () => ({ authorization: `Bearer ${token}` }),
  });
  const c0 = cpu();
  const res = await load({
    url: `${s.url}${name === 'bare' ? '/tasks' : '/api/tasks'}`,
    method: 'POST',
    body: '{"title":"x"}',
    connections: 50,
    seconds: 5,
    headersFor: () => ({ authorization: `Bearer ${token}` }),
  });
  console.log(
    name.padEnd(36),
    res.rps.toFixed(0).padStart(5),
    'rps',
    res.non2xx,
    'non2xx',
    ((cpu() - c0) / res.requests).toFixed(3),
    'CPU ms/request',
  );
  await s.stop();
}
await pg.stop();
