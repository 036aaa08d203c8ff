import type { Logger } from '../logger.js';
import { startEmbeddedPostgres, type EmbeddedDb } from './embedded.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The embedded PostgreSQL, started again whenever it dies (killed, crashed, stopped by hand) on the same
 * port and password, so the pool's URL stays right and the process recovers by itself: attempts back
 * off from 0.25 s to 10 s, each logged. Only `stop()` ends it for good.
 */
export async function startSupervisedPostgres(dataDir: string, logger: Logger): Promise<EmbeddedDb> {
  const log = (line: string) => logger.debug({ postgres: line.trim() }, 'postgres');
  const warn = (message: string) => logger.warn(message);
  let current = await startEmbeddedPostgres(dataDir, log, warn);
  let stopping = false;
  let restarting: Promise<void> | undefined;

  const watch = (db: EmbeddedDb) => {
    void db.exited.then(() => {
      if (stopping) return;
      logger.error({ port: db.port }, 'embedded PostgreSQL exited; starting it again');
      restarting = restart(db.port).finally(() => (restarting = undefined));
    });
  };
  const restart = async (port: number) => {
    for (let attempt = 1; !stopping; attempt++) {
      try {
        current = await startEmbeddedPostgres(dataDir, log, warn, port);
        if (stopping) return void (await current.stop());
        logger.info({ attempt, port }, 'embedded PostgreSQL started again');
        watch(current);
        return;
      } catch (err) {
        const retryInMs = Math.min(250 * 2 ** (attempt - 1), 10_000);
        logger.warn({ err, attempt, retryInMs }, 'embedded PostgreSQL did not start again; retrying');
        await sleep(retryInMs);
      }
    }
  };
  watch(current);
  return {
    url: current.url,
    port: current.port,
    exited: new Promise(() => {}),
    async stop() {
      stopping = true;
      await restarting;
      await current.stop();
    },
  };
}
