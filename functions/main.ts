import path from 'node:path';
import { persistentSecret, startEmbeddedPostgres } from './_shared/db/embedded.js';
import { createLogger } from './_shared/logger.js';
import { configOrExit, onShutdown, startServer } from './_shared/runtime/start.js';
import { registry } from './registry.js';

// Embedded mode: every function behind one router in one process, on a real PostgreSQL that lives in
// the data dir unless DATABASE_URL names another.

const config = configOrExit();
const logger = createLogger(config.LOG_LEVEL);
const dataDir = path.resolve(config.RIPPLE_DATA_DIR);

const embedded = config.DATABASE_URL
  ? undefined
  : await startEmbeddedPostgres(
      dataDir,
      (line) => logger.debug({ postgres: line.trim() }, 'postgres'),
      (message) => logger.warn(message),
    );
const databaseUrl = config.DATABASE_URL ?? embedded!.url;
if (embedded) logger.info({ dataDir }, 'embedded PostgreSQL started');

const running = await startServer({
  config,
  logger,
  functions: registry,
  databaseUrl,
  jwtSecret: config.JWT_SECRET ?? (await persistentSecret(dataDir, 'jwt-secret')),
  host: config.HOST ?? '127.0.0.1',
});
await running.ready.catch(async (err: unknown) => {
  await running.close();
  await embedded?.stop();
  throw err;
});
logger.info({ url: running.url, functions: registry.length }, `Ripple is running at ${running.url}`);

onShutdown(logger, async () => {
  await running.close();
  await embedded?.stop();
});
