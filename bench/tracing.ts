// The cost of tracing: CPU per created task in `dist/serve.js tasks-create`, tracing off (no
// OTEL_EXPORTER_OTLP_ENDPOINT) and on (exporting to a local OTLP/HTTP sink), and optionally the same for
// another build (`--before <dir>`: a checkout with its own dist/, e.g. the commit before tracing).
// CPU time is counted, not throughput: it is what a request costs, however busy the machine is.
// Run: npm run build && npx tsx bench/tracing.ts [--before <dir>] [--rounds 3]
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchDatabase, load, median, spawnServer } from './support.js';

const { values: args } = parseArgs({
  options: {
    before: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '5' },
  },
});
let exports = 0;
const sink = createServer((req, res) =>
  req
    .resume()
    .on(
      'end',
      () => (exports++, res.writeHead(200, { 'content-type': 'application/json' }).end('{}')),
    ),
);
await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
const otlp = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;

const pg = await benchDatabase();
const env = {
  DATABASE_URL: pg.url,
  JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
  LOG_LEVEL: 'info',
  DB_POOL_MAX: '10',
};
const signup = await spawnServer(['dist/serve.js', 'auth-signup'], env);
const { token } = (await (
  await fetch(`${signup.url}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 't@example.com', password: 'tracing bench' }),
  })
).json()) as { token: string };
await signup.stop();

const variants: [string, string, Record<string, string>][] = [
  ...(args.before
    ? [
        ['before (--before build)', path.resolve(args.before, 'dist/serve.js'), {}] as [
          string,
          string,
          Record<string, string>,
        ],
      ]
    : []),
  ['tracing off', 'dist/serve.js', {}],
  [
    'tracing on (OTLP/HTTP to a local sink)',
    'dist/serve.js',
    { OTEL_EXPORTER_OTLP_ENDPOINT: otlp, OTEL_BSP_SCHEDULE_DELAY: '1000' },
  ],
];
const results = new Map<string, { cpu: number[]; rps: number[] }>(
  variants.map(([name]) => [name, { cpu: [], rps: [] }]),
);
for (let round = 0; round < Number(args.rounds); round++) {
  for (const [name, file, extra] of variants) {
    const s = await spawnServer([file, 'tasks-create'], { ...env, ...extra });
    const cpu = () => {
      const f = readFileSync(`/proc/${s.child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(f[11]) + Number(f[12])) * 10;
    };
    const run = (seconds: number) =>
      load({
        url: `${s.url}/api/tasks`,
        method: 'POST',
        body: '{"title":"traced?"}',
        connections: 50,
        seconds,
        headersFor: () => ({ authorization: `Bearer ${token}` }),
      });
    await run(2);
    const c0 = cpu();
    const res = await run(Number(args.seconds));
    results.get(name)!.cpu.push((cpu() - c0) / res.requests);
    results.get(name)!.rps.push(res.rps);
    await s.stop();
  }
}
console.log(
  `\n| build | CPU ms per created task (median of ${args.rounds}) | each round | req/s each round |`,
);
console.log('|---|---|---|---|');
for (const [name, r] of results)
  console.log(
    `| ${name} | ${median(r.cpu).toFixed(3)} | ${r.cpu.map((c) => c.toFixed(3)).join(', ')} | ${r.rps.map((x) => x.toFixed(0)).join(', ')} |`,
  );
console.log(`\nexport requests received by the sink: ${exports}`);
sink.close();
await pg.stop();
