import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { createServer, type Socket } from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedDb } from '../../functions/_shared/db/embedded.js';
import { freePort, http, startProcess, within, type Started } from '../support/process.js';

// PostgreSQL restarted (fast shutdown) and killed (SIGKILL) under load, again and again, alternating,
// with a database of its own (DATABASE_URL) and with the embedded one (which Ripple starts again by
// itself). After every outage the API answers within a second of the database's return; at the end
// every acknowledged change is stored once, every event was published and audited once, and SIGTERM
// exits 0 promptly. Before the postgres.js fixes, publishing stopped for good within a few rounds and
// SIGTERM took its whole grace period.

const dirs: string[] = [];
const stops: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SECRET = 'restart-loop-secret-long-enough-for-hs256-0123';

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ripple-restart-loop-'));
  await chmod(dir, 0o755);
  dirs.push(dir);
  return dir;
}

async function killPostmaster(pgDir: string): Promise<void> {
  const pid = Number((await readFile(path.join(pgDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  process.kill(pid, 'SIGKILL');
}

/** Until PostgreSQL at `url` answers a query: the moment it is back. */
async function whenBack(url: string, limitMs = 60_000): Promise<number> {
  const until = Date.now() + limitMs;
  while (Date.now() < until) {
    const probe = postgres(url, { max: 1, connect_timeout: 1, onnotice: () => {} });
    const ok = await probe`select 1`.then(
      () => true,
      () => false,
    );
    await probe.end({ timeout: 1 });
    if (ok) return performance.now();
    await pause(25);
  }
  throw new Error(`PostgreSQL at ${url} did not come back within ${limitMs} ms`);
}

interface Load {
  /** The time of each acknowledged create. */
  okAt: number[];
  /** Every answer (or failure to get one), for the story of a slow recovery. */
  answers: { at: number; write: boolean; status: number | 'none' }[];
  /** Titles whose create was acknowledged (201, possibly replayed), with the task's id. */
  created: Map<string, string>;
  stop(): Promise<void>;
}

/** 8 clients, half listing and half creating; a create is retried with its key until it is acknowledged. */
function load(url: string, token: string): Load {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const okAt: number[] = [];
  const answers: Load['answers'] = [];
  const created = new Map<string, string>();
  let running = true;
  const client = async (n: number) => {
    for (let i = 0; running; i++) {
      const title = `load ${n}.${i}`;
      for (let attempt = 0; ; attempt++) {
        const write = n % 2 === 0;
        const res = await fetch(`${url}/api/tasks${write ? '' : '?limit=5'}`, {
          method: write ? 'POST' : 'GET',
          headers: write ? { ...headers, 'idempotency-key': `"${title}"` } : headers,
          signal: AbortSignal.timeout(15_000),
          ...(write ? { body: JSON.stringify({ title }) } : {}),
        }).catch(() => null);
        const body = res ? await res.text() : '';
        answers.push({ at: performance.now(), write, status: res?.status ?? 'none' });
        if (res && res.status < 300) {
          // Recovery is timed on writes: a transaction, its outbox row and its key, not a plain read.
          if (write) {
            okAt.push(performance.now());
            created.set(title, JSON.parse(body).id);
          }
          break;
        }
        // 503: the database is away; 409: the same create, cut off a moment ago, is still running.
        if (res && res.status !== 503 && res.status !== 409)
          throw new Error(`${title}: ${res.status} ${body}`);
        // A create is retried until acknowledged, even after the load is told to stop; a list is not.
        if (!write && !running) break;
        await pause(res ? 1_000 * Number(res.headers.get('retry-after') ?? 1) * 0.1 : 50);
      }
      await pause(10);
    }
  };
  const clients = Array.from({ length: 8 }, (_, n) => client(n));
  return {
    okAt,
    answers,
    created,
    stop: async () => void ((running = false), await Promise.all(clients)),
  };
}

async function signUp(url: string): Promise<string> {
  const session = await http(`${url}/api/auth/signup`, {
    method: 'POST',
    json: { email: 'loop@example.com', password: 'around and around' },
  });
  expect(session.status).toBe(201);
  return session.body.token as string;
}

/**
 * The last `lines` the server wrote besides its requests and the load's 503s while the database was away:
 * what the rest of the process said (why a recovery took long, where an event stopped).
 */
const saidLately = (ripple: Started, lines = 40) =>
  ripple
    .output()
    .split('\n')
    .filter((l) => !l.includes('"msg":"request"') && !l.includes('"msg":"request failed'))
    .slice(-lines)
    .map((l) => l.slice(0, 400))
    .join('\n');

/**
 * A change that did not reach an open tab: how far it went (published? audited? in the user's stream?),
 * what else waits in the outbox, and what the server said last.
 */
async function whereItStopped(ripple: Started, adminUrl: string, taskId: string): Promise<string> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [event] =
      await admin`select event_id, published_at, created_at from outbox where partition_key = ${taskId}`;
    const [waiting] =
      await admin`select count(*)::int as n, min(created_at) as oldest from outbox where published_at is null`;
    const audited = await admin`select count(*)::int as n from audit_log where task_id = ${taskId}`;
    const streamed =
      await admin`select seq, created_at from user_stream where event_id = ${event?.event_id ?? ''}`;
    return `its event: ${JSON.stringify(event)}; audited: ${audited[0]?.n}; in the stream: ${JSON.stringify(streamed)}; unpublished: ${JSON.stringify(waiting)}\nserver:\n${saidLately(ripple, 25)}`;
  } catch (err) {
    return `(could not look: ${(err as Error).message})`;
  } finally {
    await admin.end();
  }
}

/** What must hold after the rounds: every acknowledged change stored once, published and audited once; a prompt SIGTERM. */
async function checkAfter(
  ripple: Started,
  adminUrl: string,
  created: Map<string, string>,
): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const tasks = await admin`select id, title from tasks where title like 'load %'`;
    const byTitle = new Map<string, string[]>();
    for (const t of tasks) byTitle.set(t.title, [...(byTitle.get(t.title) ?? []), t.id]);
    const wrong = [...created].filter(
      ([title, id]) => JSON.stringify(byTitle.get(title)) !== JSON.stringify([id]),
    );
    expect(wrong, 'each acknowledged create stored exactly once, as answered').toEqual([]);
    expect(
      [...byTitle.values()].filter((ids) => ids.length > 1),
      'no create stored twice',
    ).toEqual([]);
    let pending = -1;
    for (let i = 0; i < 100 && pending !== 0; i++) {
      [{ pending }] =
        await admin`select count(*)::int as pending from outbox where published_at is null`;
      if (pending !== 0) await pause(100);
    }
    expect(pending, 'the outbox drained').toBe(0);
    const audited =
      await admin`select a.task_id, count(*)::int as n from audit_log a join tasks t on t.id = a.task_id where a.event_type = 'created' and t.title like 'load %' group by 1`;
    expect(
      audited.filter((a) => a.n !== 1),
      'each created event audited once',
    ).toEqual([]);
    expect(new Set(audited.map((a) => a.task_id))).toEqual(new Set(tasks.map((t) => t.id)));
  } finally {
    await admin.end();
  }
  const asked = performance.now();
  expect(
    await within(5_000, 'SIGTERM', ripple.stop()).catch(
      (err: Error) => `${err.message}\n${saidLately(ripple, 15)}`,
    ),
  ).toBe(0);
  expect(
    performance.now() - asked,
    ripple
      .output()
      .split('\n')
      .find((l) => l.includes('"msg":"stopped"')),
  ).toBeLessThan(2_000);
}

/**
 * An open tab's event stream over HTTP, as EventSource keeps it: when the server ends it (an outage may),
 * it reconnects with a new token and Last-Event-ID, and the server replays what it missed.
 */
async function streamOf(url: string, token: string) {
  let seen = '';
  let lastId = '';
  let reconnects = 0;
  const decoder = new TextDecoder();
  const connect = async () => {
    const { body } = await http(`${url}/api/stream/token`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    const res = await fetch(`${url}/api/stream?token=${encodeURIComponent(body.token)}`, {
      headers: lastId ? { 'last-event-id': lastId } : {},
    });
    return res.body!.getReader();
  };
  let reader = await connect();
  return {
    async waitFor(text: string, ms: number): Promise<boolean> {
      const until = Date.now() + ms;
      while (!seen.includes(text) && Date.now() < until) {
        const chunk = await Promise.race([
          reader.read(),
          pause(until - Date.now()).then(() => null),
        ]);
        if (!chunk) break;
        if (chunk.done) {
          reconnects++;
          reader = await connect();
          continue;
        }
        seen += decoder.decode(chunk.value, { stream: true });
        lastId = [...seen.matchAll(/^id: ?(.+)$/gm)].at(-1)?.[1] ?? lastId;
      }
      return seen.includes(text);
    },
    reconnects: () => reconnects,
    close: () => reader.cancel().catch(() => {}),
  };
}

/** The first 2xx after `back`, in ms after it (Infinity: none within 5 s). */
async function recovery(l: Load, back: number): Promise<number> {
  const until = back + 5_000;
  while (performance.now() < until && !l.okAt.some((t) => t > back)) await pause(20);
  const first = l.okAt.find((t) => t > back);
  return first === undefined ? Infinity : first - back;
}

/**
 * What the clients were answered from `back` to `back + ms`, run-length coded in 100 ms slots (writes:
 * `w`, lists: `l`): whether a slow recovery was the database refusing (503), a create still held by its
 * cut-off first attempt (409), or no answer at all.
 */
function answeredAfter(l: Load, back: number, ms: number): string {
  const slots = new Map<number, Map<string, number>>();
  for (const a of l.answers.filter((a) => a.at >= back && a.at < back + ms)) {
    const slot = Math.floor((a.at - back) / 100) * 100;
    const counts = slots.get(slot) ?? new Map<string, number>();
    const key = `${a.write ? 'w' : 'l'}${a.status}`;
    slots.set(slot, counts.set(key, (counts.get(key) ?? 0) + 1));
  }
  return [...slots]
    .map(([slot, counts]) => `+${slot}: ${[...counts].map(([k, n]) => `${k}×${n}`).join(' ')}`)
    .join('; ');
}

/**
 * Each return's time to the first 2xx, and for one over a second what the clients were answered (the
 * story a slow recovery leaves); `expectEachWithinASecond` fails with both and the server's last words.
 */
function recoveries(l: Load) {
  const ms: number[] = [];
  const stories: string[] = [];
  return {
    async after(back: number, round: number) {
      ms.push(await recovery(l, back));
      if (ms.at(-1)! > 1_000) stories.push(`round ${round}: ${answeredAfter(l, back, 3_000)}`);
    },
    expectEachWithinASecond(ripple: Started) {
      expect(
        ms.filter((x) => x > 1_000),
        `ms to the first 2xx after each return: ${ms.map(Math.round).join(' ')}\nanswers after a slow return:\n${stories.join('\n')}\nserver:\n${saidLately(ripple)}`,
      ).toEqual([]);
    },
  };
}

it(
  'recovers from 12 restarts and kills of its own PostgreSQL under load, every time within a second',
  { timeout: 300_000 },
  async () => {
    const dir = await tempDir();
    const port = await freePort({ belowEphemeral: true });
    let pg: EmbeddedDb = await startEmbeddedPostgres(
      dir,
      () => {},
      () => {},
      port,
    );
    stops.push(() => pg.stop());
    const ripple = await startProcess('main', [], {
      DATABASE_URL: pg.url,
      JWT_SECRET: SECRET,
      RELAY_INTERVAL_MS: '500',
    });
    stops.push(() => ripple.stop());
    const token = await signUp(ripple.url);
    // A tab open through every outage: its stream lives on Ripple's LISTEN connection, which must come back too.
    const tab = await streamOf(ripple.url, token);
    const l = load(ripple.url, token);
    const returns = recoveries(l);
    for (let round = 0; round < 12; round++) {
      await pause(400);
      if (round % 2 === 0) await pg.stop();
      else {
        await killPostmaster(path.join(dir, 'pg'));
        await pg.exited;
      }
      await pause(300 + (round % 4) * 300);
      pg = await startEmbeddedPostgres(
        dir,
        () => {},
        () => {},
        port,
      );
      const back = await whenBack(pg.url);
      await returns.after(back, round);
    }
    await l.stop();
    returns.expectEachWithinASecond(ripple);
    const after = await http(`${ripple.url}/api/tasks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      json: { title: 'seen live after the outages' },
    });
    expect(after.status).toBe(201);
    // Live within seconds even behind the backlog the outages left (its events are published in order).
    const seenLive = await tab.waitFor('seen live after the outages', 15_000);
    expect(
      seenLive,
      seenLive
        ? ''
        : `after ${tab.reconnects()} reconnects\n${await whereItStopped(ripple, pg.url, (after.body as { id: string }).id)}`,
    ).toBe(true);
    await tab.close();
    await checkAfter(ripple, pg.url, l.created);
  },
);

it(
  'starts its embedded PostgreSQL again when it dies, 10 times under load, and serves within a second of its return',
  { timeout: 300_000 },
  async () => {
    const dataDir = await tempDir();
    const ripple = await startProcess('main', [], {
      RIPPLE_DATA_DIR: dataDir,
      JWT_SECRET: SECRET,
      RELAY_INTERVAL_MS: '500',
    });
    stops.push(() => ripple.stop());
    const adminUrl = (await readFile(path.join(dataDir, 'database-url'), 'utf8')).trim();
    const l = load(ripple.url, await signUp(ripple.url));
    const returns = recoveries(l);
    for (let round = 0; round < 10; round++) {
      await pause(400);
      const pgDir = path.join(dataDir, 'pg');
      const pid = Number(
        (await readFile(path.join(pgDir, 'postmaster.pid'), 'utf8')).split('\n')[0],
      );
      // Killed, or shut down by someone else: either way it is gone, and Ripple brings it back.
      process.kill(pid, round % 2 === 0 ? 'SIGKILL' : 'SIGINT');
      while (
        await readFile(`/proc/${pid}/status`, 'utf8').then(
          () => true,
          () => false,
        )
      )
        await pause(20);
      const back = await whenBack(adminUrl);
      await returns.after(back, round);
    }
    await l.stop();
    returns.expectEachWithinASecond(ripple);
    expect(ripple.output()).toContain('embedded PostgreSQL started again');
    await checkAfter(ripple, adminUrl, l.created);
    expect(ripple.output()).not.toMatch(/did not stop|stopping PostgreSQL/);
  },
);

it(
  'stops within seconds on SIGTERM, exit 0, while its embedded PostgreSQL is dead and cannot be started again',
  { timeout: 120_000 },
  async () => {
    const dataDir = await tempDir();
    const ripple = await startProcess('main', [], { RIPPLE_DATA_DIR: dataDir, JWT_SECRET: SECRET });
    stops.push(() => ripple.stop());
    const port = Number(
      new URL((await readFile(path.join(dataDir, 'database-url'), 'utf8')).trim()).port,
    );
    const pid = Number(
      (await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0],
    );
    process.kill(pid, 'SIGKILL');
    // Its port taken the moment it is free (every address: PostgreSQL listens on localhost, v4 and v6):
    // every attempt to start it again fails, and backs off.
    const squatter = createServer((socket) => socket.on('error', () => {}));
    const held = new Set<Socket>();
    squatter.on('connection', (socket) => held.add(socket));
    const bind = () =>
      new Promise<boolean>((resolve) => {
        squatter.once('error', () => resolve(false));
        squatter.listen({ port, host: '::', ipv6Only: false }, () => resolve(true));
      });
    for (const until = Date.now() + 5_000; !(await bind()) && Date.now() < until;) await pause(2);
    expect(squatter.listening).toBe(true);
    try {
      const until = Date.now() + 20_000;
      while (!ripple.output().includes('did not start again') && Date.now() < until)
        await pause(100);
      expect(ripple.output()).toContain('did not start again');
      expect((await http(`${ripple.url}/readyz`)).status).toBe(503);
      const asked = performance.now();
      const stopped = await within(10_000, 'SIGTERM', ripple.stop()).catch(
        (err: Error) => err.message,
      );
      expect(
        stopped,
        ripple
          .output()
          .split('\n')
          .find((l) => l.includes('"msg":"stopped"')),
      ).toBe(0);
      // Each wait is bounded (a run 1 s, publishing 1.5 s, the pool and LISTEN 1 s): well inside any grace period.
      expect(
        performance.now() - asked,
        ripple
          .output()
          .split('\n')
          .find((l) => l.includes('"msg":"stopped"')),
      ).toBeLessThan(4_000);
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => squatter.close(resolve));
    }
  },
);
