// A series scheduler alone in its own process, over the database at argv[2], with the real clock: the
// crash test kills it (SIGKILL) in the middle of a catch-up. One series and a few occurrences per
// transaction, so that many commits happen before the kill and one is likely in flight.
import { loadConfig } from '../../functions/_shared/config.js';
import { connectDb } from '../../functions/_shared/db/connect.js';
import { systemClock } from '../../functions/_shared/clock.js';
import { uuidV7Ids } from '../../functions/_shared/ids.js';
import { createLogger } from '../../functions/_shared/logger.js';
import { createMetrics } from '../../functions/_shared/metrics.js';
import { wireApp } from '../../functions/_shared/runtime/wire.js';
import { runSeriesScheduler } from '../../functions/_shared/series/generate.js';
import { registry } from '../../functions/registry.js';

const url = process.argv[2]!;
const config = loadConfig({
  LOG_LEVEL: 'silent',
  JWT_SECRET: 'worker-secret-that-is-long-enough-for-hs256-0123456789',
  RELAY_INTERVAL_MS: '0',
});
const db = connectDb({ url, poolMax: 2, statementTimeoutMs: 10_000 });
const { deps } = wireApp({
  config,
  db,
  databaseUrl: url,
  jwtSecret: 'worker-secret-that-is-long-enough-for-hs256-0123456789',
  logger: createLogger('silent'),
  clock: systemClock,
  ids: uuidV7Ids,
  metrics: createMetrics({ processMetrics: false }),
  functions: [],
  catalogue: registry,
  eventsFromNetwork: false,
});
process.stdout.write('started\n');
await runSeriesScheduler(deps, { series: 1, chunk: 3 });
process.stdout.write('finished\n');
process.exit(0);
