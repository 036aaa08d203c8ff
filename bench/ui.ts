// npm run bench (part 5): the web UI in headless Chromium against embedded mode (dist/main.js).
// 1. First view: from navigation to a signed-in user's list of 50 tasks on screen (cache empty).
// 2. Live sync: two browser contexts of one user; a change through the API; from sending it to the
//    other tab showing it (SSE → list reload → render). Target: within a second.
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { benchDatabase, percentile, spawnServer } from './support.js';

const { values: args } = parseArgs({ options: { changes: { type: 'string', default: '40' }, loads: { type: 'string', default: '10' } } });
const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123';
const row = (name: string, xs: number[]) =>
  `| ${name} | ${xs.length} | ${percentile(xs, 50).toFixed(0)} | ${percentile(xs, 95).toFixed(0)} | ${Math.max(...xs).toFixed(0)} |`;

const pg = await benchDatabase();
const ripple = await spawnServer(['dist/main.js'], { DATABASE_URL: pg.url, JWT_SECRET, LOG_LEVEL: 'warn' }, '/readyz');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const signup = await fetch(`${ripple.url}/api/auth/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ui@example.com', password: 'benchmark password' }) });
  const session = await signup.text();
  const { token } = JSON.parse(session) as { token: string };
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  for (let i = 0; i < 60; i++) await fetch(`${ripple.url}/api/tasks`, { method: 'POST', headers: auth, body: JSON.stringify({ title: `Seed ${i}`, tags: ['bench'] }) });

  const signedIn = async () => {
    const context = await browser.newContext();
    await context.addInitScript({ content: `localStorage.setItem('ripple.session', ${JSON.stringify(session)})` });
    return context;
  };

  // 1. First view, each in a new context (nothing cached).
  const firstView: number[] = [];
  for (let i = 0; i < Number(args.loads); i++) {
    const context = await signedIn();
    const page = await context.newPage();
    const started = performance.now();
    await page.goto(ripple.url);
    await page.getByText('50+ tasks').waitFor();
    firstView.push(performance.now() - started);
    await context.close();
  }

  // 2. Live sync.
  const watcher = await (await signedIn()).newPage();
  await watcher.goto(ripple.url);
  await watcher.getByText('Live', { exact: true }).waitFor();
  const live: number[] = [];
  for (let i = 0; i < Number(args.changes); i++) {
    const started = performance.now();
    await fetch(`${ripple.url}/api/tasks`, { method: 'POST', headers: auth, body: JSON.stringify({ title: `Change ${i}` }) });
    await watcher.getByText(`Change ${i}`, { exact: true }).waitFor({ timeout: 10_000 });
    live.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 100));
  }

  console.log('\n## Web UI (bench/ui.ts)\n');
  console.log('| measure | n | p50 ms | p95 ms | max ms |');
  console.log('|---|---|---|---|---|');
  console.log(row('first view: navigation to 50 tasks on screen', firstView));
  console.log(row('live: change sent to shown in another tab (target < 1000)', live));
} finally {
  await browser.close();
  await ripple.stop();
  await pg.stop();
}
