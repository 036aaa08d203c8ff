import { createLogger, type Logger } from './_shared/logger.js';
import type { CodeCache } from './_shared/runtime/code-cache.js';
import { configOrExit, onShutdown, startServer, type Running } from './_shared/runtime/start.js';
import { catalogue, findFunction } from './catalogue.js';
import type { Config } from './_shared/config.js';
import type { RippleFunction } from './_shared/function.js';

// One function alone, as a Knative Service runs it: the bundle (dist/alone.cjs) that dist/serve.js
// loads with its compiled code (serve.ts), on $PORT, against the database in DATABASE_URL.

/** Serves the function named, or exits saying why it cannot. */
export async function serve(name: string, codeCache: CodeCache): Promise<void> {
  const { config, logger, fn, running } = await listen(name);
  // How long the process took to listen (from Node's own start): a cold start's share that is ours to cut.
  logger.info(
    { url: running.url, fn: fn.name, codeCache, startedMs: Math.round(performance.now()) },
    `${fn.name} is serving at ${running.url}`,
  );
  onShutdown(logger, config.SHUTDOWN_GRACE_SECONDS, running.close);
  running.ready.then(
    () => logger.info({ fn: fn.name, readyMs: Math.round(performance.now()) }, 'ready'),
    (err: unknown) => {
      logger.fatal({ err }, 'start-up failed: database unreachable or migration failed');
      process.exit(1);
    },
  );
}

/**
 * Starts the function named as `serve` does, up to listening, and no further: run by the build before it
 * saves the code cache (serve.ts), so that a cold start finds what every start compiles (reading the
 * configuration, the logger, the server and its middleware) already compiled. Its database is never reached.
 */
export async function rehearse(name: string): Promise<void> {
  const { running } = await listen(name);
  running.ready.catch(() => {});
}

/** The function named, loaded and listening; or an exit saying why it cannot be. */
async function listen(
  name: string,
): Promise<{ config: Config; logger: Logger; fn: RippleFunction; running: Running }> {
  const config = configOrExit();
  const logger = createLogger(config.LOG_LEVEL);
  const fn = findFunction(name);

  function fail(message: string): never {
    logger.fatal(message);
    process.exit(2);
  }

  if (!fn) fail(`unknown function "${name}"; one of: ${catalogue.map((f) => f.name).join(', ')}`);
  if (!config.DATABASE_URL) fail('DATABASE_URL is required to serve one function alone');
  if (!config.JWT_SECRET) fail('JWT_SECRET is required to serve one function alone');

  // Its own code only: the rest of the catalogue is names, routes' owners and topics.
  await fn
    .load?.()
    .catch((err: unknown) => fail(`${fn.name} could not load: ${(err as Error).message}`));
  const running = await startServer({
    config,
    logger: logger.child({ fn: fn.name }),
    functions: [fn],
    catalogue,
    mode: 'alone',
    databaseUrl: config.DATABASE_URL,
    jwtSecret: config.JWT_SECRET,
    host: config.HOST ?? '0.0.0.0',
  }).catch((err: unknown) => fail(`${fn.name} could not start: ${(err as Error).message}`));
  return { config, logger, fn, running };
}
