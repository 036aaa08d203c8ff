import { createLogger } from './_shared/logger.js';
import type { CodeCache } from './_shared/runtime/code-cache.js';
import { configOrExit, onShutdown, startServer } from './_shared/runtime/start.js';
import { catalogue, findFunction } from './catalogue.js';

// One function alone, as a Knative Service runs it: the bundle (dist/alone.cjs) that dist/serve.js
// loads with its compiled code (serve.ts), on $PORT, against the database in DATABASE_URL.

/** Serves the function named, or exits saying why it cannot. */
export async function serve(name: string, codeCache: CodeCache): Promise<void> {
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
  await fn.load?.().catch((err: unknown) => fail(`${fn.name} could not load: ${(err as Error).message}`));
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
  // How long the process took to listen (from Node's own start): a cold start's share that is ours to cut.
  logger.info({ url: running.url, fn: fn.name, codeCache, startedMs: Math.round(performance.now()) }, `${fn.name} is serving at ${running.url}`);
  onShutdown(logger, config.SHUTDOWN_GRACE_SECONDS, running.close);
  running.ready.then(
    () => logger.info({ fn: fn.name }, 'ready'),
    (err: unknown) => {
      logger.fatal({ err }, 'start-up failed: database unreachable or migration failed');
      process.exit(1);
    },
  );
}

