import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export interface Started {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Settles with the exit code when the process ends by itself. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Runs a built entry point (dist/main.js or dist/serve.js) as a newcomer or Knative would, and waits
 * for the log line that carries its URL.
 */
export async function startProcess(
  entry: 'main' | 'serve' | 'multi' | 'gateway',
  args: string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
  /** The log field that carries the URL to talk to (multi-process mode logs its gateway's). */
  urlKey = 'url',
): Promise<Started> {
  const file = path.join(root, 'dist', `${entry}.js`);
  if (!existsSync(file))
    throw new Error(`${file} is missing: run "npm run build" first (npm test does)`);
  return startNode([file, ...args], {
    cwd: root,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
    timeoutMs,
    urlKey,
  });
}

/** `node <args>` in `cwd` with exactly `env`, once it has logged the URL it serves at (`urlKey`). */
export async function startNode(
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number; urlKey?: string },
): Promise<Started> {
  const { timeoutMs = 60_000, urlKey = 'url' } = options;
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Not left running behind the failed test (SIGTERM: a launcher stops its own children).
      child.kill('SIGTERM');
      reject(new Error(`no URL within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const look = () => {
      const match = new RegExp(`"${urlKey}":"(http://[^"]+)"`).exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', look);
    void exited.then((code) => reject(new Error(`exited with ${code} before serving:\n${output}`)));
  });
  return {
    child,
    url,
    output: () => output,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

export async function http(url: string, init: RequestInit & { json?: unknown } = {}) {
  const { json, ...rest } = init;
  const res = await fetch(url, {
    ...rest,
    ...(json === undefined
      ? {}
      : {
          body: JSON.stringify(json),
          headers: {
            'content-type': 'application/json',
            ...(rest.headers as Record<string, string>),
          },
        }),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text && /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : text,
  };
}

/**
 * A port free on loopback right now. `belowEphemeral`: one under Linux's ephemeral range (32768-60999),
 * for a server that must bind the same port again later (a restarted PostgreSQL): meanwhile an
 * outgoing connection could take an ephemeral port as its source port.
 */
export async function freePort(options: { belowEphemeral?: boolean } = {}): Promise<number> {
  for (;;) {
    const wanted = options.belowEphemeral ? 20_000 + Math.floor(Math.random() * 10_000) : 0;
    const server = createServer();
    const bound = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(wanted, '127.0.0.1', () => resolve(true));
    });
    if (!bound) continue;
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    // A port let go is often the next one handed out: never the same one twice in this process (a test
    // that takes two ports before it binds them would get one port for both).
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
}

const handedOut = new Set<number>();

/**
 * `promise`, or a rejection naming `what` once `ms` have passed: a step that hangs fails the test
 * with its name instead of running into the test's own timeout silently.
 */
export async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>(
    (_, reject) =>
      (timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms)),
  );
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
