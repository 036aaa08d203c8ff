import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connectDb } from '../functions/_shared/db/connect.js';
import { startEmbeddedPostgres } from '../functions/_shared/db/embedded.js';
import { migrateToLatest } from '../functions/_shared/db/migrate.js';
import autocannon from 'autocannon';
import type postgres from 'postgres';

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface Proc {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/** Spawns `node <args>` on a free port and resolves once GET `probe` answers 200, with the time that took. */
export async function spawnServer(
  args: string[],
  env: Record<string, string>,
  probe = '/healthz',
): Promise<Proc & { readyMs: number }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  // The bench is one client signing up many users: lift the per-address sign-up limit.
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      SIGNUP_MAX_PER_IP: '100000',
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}${probe}`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  const readyMs = performance.now() - started;
  return {
    child,
    url,
    readyMs,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Milliseconds until a just-started `mcp` answers an MCP `initialize` (200), as an agent's first request. */
export async function timeMcpInitialize(url: string, token: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${url}/mcp`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'bench', version: '1' },
      },
    }),
  });
  if (res.status !== 200)
    throw new Error(`mcp initialize answered ${res.status}: ${await res.text()}`);
  await res.text();
  return performance.now() - started;
}

/** The p-th percentile (nearest rank) of xs. */
export const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;

/**
 * A bench-only trigger: each row inserted into `table` (and matching `when`) NOTIFYs `channel` with
 * its `column`. PostgreSQL delivers a NOTIFY when the inserting transaction commits, which is the
 * moment a bench wants to time.
 */
export async function notifyOnInsert(
  sql: postgres.Sql,
  table: string,
  column: string,
  channel: string,
  when = 'true',
): Promise<void> {
  await sql.unsafe(`
    create function ${channel}_fn() returns trigger language plpgsql as $$
    begin perform pg_notify('${channel}', new.${column}::text); return new; end $$;
    create trigger ${channel} after insert on ${table} for each row when (${when}) execute function ${channel}_fn();`);
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  requests: number;
}

export const meanOf = (xs: LoadResult[], k: keyof LoadResult) =>
  xs.reduce((a, x) => a + x[k], 0) / xs.length;

/** A Markdown table row: mean req/s, p50, p99 of the runs, and their errors + non-2xx answers. */
export const loadRow = (name: string, xs: LoadResult[]) =>
  `| ${name} | ${meanOf(xs, 'rps').toFixed(0)} | ${meanOf(xs, 'p50').toFixed(1)} | ${meanOf(xs, 'p99').toFixed(1)} | ${xs.reduce((a, x) => a + x.errors + x.non2xx, 0)} |`;

/** Drives a URL with autocannon; `headersFor(i)` gives connection i its own headers (e.g. its own user). */
export async function load(options: {
  url: string;
  method: 'GET' | 'POST';
  body?: string;
  connections: number;
  seconds: number;
  headersFor?: (connection: number) => Record<string, string>;
  /** Headers of each request's own (an Idempotency-Key per change). */
  headersPerRequest?: () => Record<string, string>;
}): Promise<LoadResult> {
  let next = 0;
  const perRequest = options.headersPerRequest;
  const result = await autocannon({
    url: options.url,
    method: options.method,
    connections: options.connections,
    duration: options.seconds,
    body: options.body,
    headers: { 'content-type': 'application/json' },
    ...(perRequest
      ? {
          requests: [
            {
              setupRequest: (req: autocannon.Request) => ({
                ...req,
                headers: { ...req.headers, ...perRequest() },
              }),
            },
          ],
        }
      : {}),
    setupClient: (client) => {
      const extra = options.headersFor?.(next++) ?? {};
      client.setHeaders({ 'content-type': 'application/json', ...extra });
    },
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    requests: result.requests.total,
  };
}

/** A migrated embedded PostgreSQL in a fresh temp dir, for one bench run; `stop` removes it all. */
export async function benchDatabase(): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ripple-bench-'));
  await chmod(dir, 0o755);
  const pg = await startEmbeddedPostgres(dir);
  const db = connectDb({ url: pg.url, poolMax: 2, statementTimeoutMs: 60_000 });
  await migrateToLatest(db);
  await db.destroy();
  return {
    url: pg.url,
    async stop() {
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The pid of the PostgreSQL server (postmaster) behind a connection: the parent of its backend. */
export async function postmasterPid(
  run: (text: string) => Promise<{ pid: number }>,
): Promise<number> {
  const { pid } = await run('select pg_backend_pid() as pid');
  return parentOf(statOf(pid));
}

const statOf = (pid: number): string[] | undefined => {
  try {
    // Fields after the command name, which may itself hold spaces: state is [0], ppid [1], utime [11], stime [12].
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  } catch {
    return undefined; // gone meanwhile
  }
};
const parentOf = (stat: string[] | undefined) => Number(stat?.[1] ?? 0);
const ticksOf = (stat: string[] | undefined) => (stat ? Number(stat[11]) + Number(stat[12]) : 0);

/**
 * CPU seconds the given processes and their children (a postmaster's backends) have used so far.
 * Unlike req/s, CPU per request hardly moves when other work shares the machine's cores.
 */
export function cpuSecondsOf(pids: readonly number[]): number {
  const stats = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => ({ pid: Number(name), stat: statOf(Number(name)) }));
  const wanted = new Set(pids);
  const ticks = stats
    .filter(({ pid, stat }) => wanted.has(pid) || wanted.has(parentOf(stat)))
    .reduce((sum, { stat }) => sum + ticksOf(stat), 0);
  return ticks / 100; // USER_HZ
}
