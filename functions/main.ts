import path from 'node:path';
import { persistentSecret, type EmbeddedDb } from './_shared/db/embedded.js';
import { startSupervisedPostgres } from './_shared/db/embedded-supervisor.js';
import { withVapidKeys } from './_shared/channels/vapid-keys.js';
import { createLogger } from './_shared/logger.js';
import { configOrExit, onShutdown, startServer, type Running } from './_shared/runtime/start.js';
import { registry } from './registry.js';

// Embedded mode: every function behind one router in one process, on a real PostgreSQL that lives in
// the data dir unless DATABASE_URL names another.

const config = configOrExit();
const logger = createLogger(config.LOG_LEVEL);
const dataDir = path.resolve(config.RIPPLE_DATA_DIR);

let embedded: EmbeddedDb | undefined;
let running: Running | undefined;
try {
  if (!config.DATABASE_URL) {
    embedded = await startSupervisedPostgres(dataDir, logger);
    logger.info({ dataDir }, 'embedded PostgreSQL started');
  }
  running = await startServer({
    // Web Push's keys: configured, or kept in the data dir like the JWT secret.
    config: await withVapidKeys(config, dataDir),
    logger,
    functions: registry,
    catalogue: registry,
    mode: 'embedded',
    databaseUrl: config.DATABASE_URL ?? embedded!.url,
    jwtSecret: config.JWT_SECRET ?? (await persistentSecret(dataDir, 'jwt-secret')),
    host: config.HOST ?? '127.0.0.1',
    // dist/main.js → web/dist: the UI the build wrote beside the bundle.
    webRoot: path.resolve(import.meta.dirname, '../web/dist'),
  });
  await running.ready;
} catch (err) {
  // Whatever failed, the embedded PostgreSQL is not left running behind us.
  await running?.close().catch(() => {});
  await embedded?.stop().catch(() => {});
  logger.fatal({ err }, `Ripple could not start: ${(err as Error).message}`);
  process.exit(1);
}
logger.info(
  { url: running.url, functions: registry.length },
  `Ripple is running at ${running.url}`,
);

onShutdown(logger, config.SHUTDOWN_GRACE_SECONDS, async () => {
  await running?.close();
  await embedded?.stop();
});
