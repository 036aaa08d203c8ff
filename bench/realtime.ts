// npm run bench (part 4): reminders and real-time sync, embedded mode (dist/main.js).
// 1. Reminder lateness: 200 reminders due over ~7 s; for each, from its remind_at to its notification
//    being committed (a bench-only trigger NOTIFYs at commit). Server and bench share the clock.
// 2. SSE fan-out: 1,000 open streams of one user; one change; from the PATCH answer to each stream
//    receiving it.
// 3. The same across a shared project's members (issue 16, "live for everyone"): ten accounts, the
//    owner and nine who accepted an invitation, 100 streams each; the owner changes a task of the project.
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { benchDatabase, notifyOnInsert, percentile, spawnServer } from './support.js';
import { goal } from './goals.js';

const { values: args } = parseArgs({
  options: {
    reminders: { type: 'string', default: '200' },
    tabs: { type: 'string', default: '1000' },
  },
});
const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123';
const row = (xs: number[]) =>
  `| ${xs.length} | ${percentile(xs, 50).toFixed(0)} | ${percentile(xs, 95).toFixed(0)} | ${percentile(xs, 99).toFixed(0)} | ${Math.max(...xs).toFixed(0)} |`;

/**
 * Opens `tabsEach` streams for each account, makes the change once all are ready, and answers how long
 * after the change's answer each stream received it (as many figures as streams reached).
 */
async function fanOut(
  url: string,
  accounts: Record<string, string>[],
  tabsEach: number,
  change: () => Promise<unknown>,
): Promise<{ received: number[]; streams: number }> {
  const received: number[] = [];
  let changedAt = 0;
  const controllers: AbortController[] = [];
  const opened: Promise<void>[] = [];
  for (const auth of accounts) {
    for (let i = 0; i < tabsEach; i++) {
      const { token: streamToken } = (await (
        await fetch(`${url}/api/stream/token`, { method: 'POST', headers: auth })
      ).json()) as { token: string };
      const controller = new AbortController();
      controllers.push(controller);
      opened.push(
        new Promise<void>((ready) => {
          void (async () => {
            const res = await fetch(`${url}/api/stream?token=${encodeURIComponent(streamToken)}`, {
              signal: controller.signal,
            });
            const reader = res.body!.getReader();
            const decoder = new TextDecoder();
            let text = '';
            for (;;) {
              const { value, done } = await reader.read();
              if (done) return;
              text += decoder.decode(value, { stream: true });
              if (text.includes('event: ready')) ready();
              if (text.includes('"type":"updated"')) {
                received.push(performance.now() - changedAt);
                return;
              }
            }
          })().catch(() => ready());
        }),
      );
    }
  }
  await Promise.all(opened);
  await change();
  changedAt = performance.now();
  const streams = accounts.length * tabsEach;
  const deadline = Date.now() + 30_000;
  while (received.length < streams && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  for (const c of controllers) c.abort();
  return { received, streams };
}

const pg = await benchDatabase();
const sql = postgres(pg.url, { max: 2, onnotice: () => {} });
try {
  await notifyOnInsert(sql, 'notifications', 'task_id', 'bench_notified');
  const notifiedAt = new Map<string, number>();
  await sql.listen('bench_notified', (taskId) => notifiedAt.set(taskId, Date.now()));

  const tabs = Number(args.tabs);
  const ripple = await spawnServer(
    ['dist/main.js'],
    { DATABASE_URL: pg.url, JWT_SECRET, LOG_LEVEL: 'warn', STREAM_MAX_PER_USER: String(tabs) },
    '/readyz',
  );
  const signup = await fetch(`${ripple.url}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'rt@example.com', password: 'benchmark password' }),
  });
  const { token } = (await signup.json()) as { token: string };
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  // 1. Reminders.
  const start = Date.now() + 3_000;
  const remindAt = new Map<string, number>();
  for (let i = 0; i < Number(args.reminders); i++) {
    const at = start + i * 35;
    const res = await fetch(`${ripple.url}/api/tasks`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ title: `Remind ${i}`, remind_at: new Date(at).toISOString() }),
    });
    remindAt.set(((await res.json()) as { id: string }).id, at);
  }
  const deadline = Date.now() + 60_000;
  while (notifiedAt.size < remindAt.size && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  const lateness = [...remindAt].map(([id, at]) => (notifiedAt.get(id) ?? Infinity) - at);
  const early = lateness.filter((ms) => ms < 0).length;

  // 2. Fan-out to one user's streams.
  const task = (await (
    await fetch(`${ripple.url}/api/tasks`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ title: 'Fan me out' }),
    })
  ).json()) as { id: string };
  const patch = (id: string, title: string) => () =>
    fetch(`${ripple.url}/api/tasks/${id}`, {
      method: 'PATCH',
      headers: auth,
      body: JSON.stringify({ title }),
    }).then((r) => r.arrayBuffer());
  const own = await fanOut(ripple.url, [auth], tabs, patch(task.id, 'Fanned out'));

  // 3. Fan-out to the members of a shared project.
  const project = (await (
    await fetch(`${ripple.url}/api/projects`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ name: 'Shared' }),
    })
  ).json()) as { id: string };
  const members = [auth];
  for (let m = 1; m < 10; m++) {
    const email = `rt-member-${m}@example.com`;
    const joined = await fetch(`${ripple.url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'benchmark password' }),
    });
    const member = {
      authorization: `Bearer ${((await joined.json()) as { token: string }).token}`,
      'content-type': 'application/json',
    };
    await fetch(`${ripple.url}/api/projects/${project.id}/members`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ email, role: 'viewer' }),
    }).then((r) => r.arrayBuffer());
    const accepted = await fetch(`${ripple.url}/api/invitations/${project.id}/accept`, {
      method: 'POST',
      headers: member,
    });
    if (!accepted.ok) throw new Error(`accepting the invitation answered ${accepted.status}`);
    members.push(member);
  }
  const shared = (await (
    await fetch(`${ripple.url}/api/tasks`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ title: 'Fan me out to everyone', project_id: project.id }),
    })
  ).json()) as { id: string };
  const everyone = await fanOut(
    ripple.url,
    members,
    Math.ceil(tabs / members.length),
    patch(shared.id, 'Fanned out to everyone'),
  );
  await ripple.stop();

  console.log(
    `\n## Reminders: remind_at to notification committed (embedded: a timer set for each next reminder)\n`,
  );
  console.log('| reminders | p50 ms | p95 ms | p99 ms | max ms |');
  console.log('|---|---|---|---|---|');
  console.log(row(lateness));
  console.log(
    `\n${goal({ bench: 'realtime', measure: 'reminders sent early', figure: early, unit: '', op: '<=', target: 0 })}`,
  );
  console.log(
    goal({
      bench: 'realtime',
      measure: 'reminder lateness p99',
      figure: percentile(lateness, 99),
      unit: 'ms',
      op: '<',
      target: 1000,
    }),
  );
  const fanRow = ({ received }: { received: number[] }) =>
    received.length > 0 ? row(received) : '| 0 | | | | |';
  console.log(`\n## SSE fan-out: one change, from the PATCH answer to each stream\n`);
  console.log('| streams | reached | p50 ms | p95 ms | p99 ms | max ms |');
  console.log('|---|---|---|---|---|---|');
  console.log(`| ${own.streams} of one user ${fanRow(own)}`);
  console.log(
    `| ${everyone.streams} of a shared project's ${members.length} members (${everyone.streams / members.length} each) ${fanRow(everyone)}`,
  );
  const p95 = (f: { received: number[]; streams: number }) =>
    f.received.length === f.streams ? percentile(f.received, 95) : Infinity;
  console.log(
    `\nreached ${own.received.length} of ${own.streams}; ${goal({ bench: 'realtime', measure: 'SSE fan-out p95 (every stream reached)', figure: p95(own), unit: 'ms', op: '<', target: 500 })}`,
  );
  console.log(
    `reached ${everyone.received.length} of ${everyone.streams}; ${goal({ bench: 'realtime', measure: "SSE fan-out p95 to a shared project's members (every stream reached)", figure: p95(everyone), unit: 'ms', op: '<', target: 500 })}`,
  );
} finally {
  await sql.end();
  await pg.stop();
}
