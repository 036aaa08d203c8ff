import { connectDb } from './_shared/db/connect.js';
import { migrateDatabase } from './_shared/db/migrate.js';
import { createLogger } from './_shared/logger.js';
import { configOrExit } from './_shared/runtime/start.js';

// `node dist/migrate.js`: brings the database in DATABASE_URL to the latest schema and exits (0 done,
// 1 failed, 2 misconfigured). The cluster runs it as a Job before a deploy's Services start (they run
// with RIPPLE_MIGRATE=false), so no function's cold start waits on a migration.

const config = configOrExit();
const logger = createLogger(config.LOG_LEVEL);
if (!config.DATABASE_URL) {
  logger.fatal('DATABASE_URL is required');
  process.exit(2);
}
const db = connectDb({ url: config.DATABASE_URL, poolMax: 1, statementTimeoutMs: 10 * 60_000 });
try {
  const { applied, newer } = await migrateDatabase(db);
  if (newer.length > 0) {
    // A rollback: a newer release migrated this database. Its migrations only add, and every one of
    // this release's is applied, so this release runs on it.
    logger.warn(
      { newer },
      `the database is ahead of this release (${newer.length} newer migration(s): ${newer.join(', ')}); all of this release's migrations are applied, so it runs on it unchanged`,
    );
  } else {
    logger.info(
      { applied },
      applied.length > 0 ? `applied ${applied.length} migration(s)` : 'the database is up to date',
    );
  }
} catch (err) {
  logger.fatal({ err }, 'migration failed');
  process.exitCode = 1;
} finally {
  await db.destroy();
}
