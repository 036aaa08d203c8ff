import type { Logger } from '../logger.js';
import { startEmbeddedPostgres, type EmbeddedDb } from './embedded.js';

/**
 * The embedded PostgreSQL, started again whenever it dies (killed, crashed, stopped by hand) on the same
 * port and password, so the pool's URL stays right and the process recovers by itself: attempts back
 * off from 0.25 s to 10 s, each logged. Only `stop()` ends it for good, promptly even while it is dead.
 */
export async function startSupervisedPostgres(
  dataDir: string,
  logger: Logger,
): Promise<EmbeddedDb> {
  const log = (line: string) => logger.debug({ postgres: line.trim() }, 'postgres');
  const warn = (message: string) => logger.warn(message);
  let current = await startEmbeddedPostgres(dataDir, log, warn);
  let running = true;
  let restarting: Promise<void> | undefined;
  const stopping = new AbortController();
  // Over at once when stopping, also when asked after the stop began: an attempt that failed after
  // stop() was called used to wait out its whole backoff (4 s and more), and stop() with it.
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (stopping.signal.aborted) return resolve();
      const timer = setTimeout(resolve, ms);
      stopping.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), {
        once: true,
      });
    });

  const watch = (db: EmbeddedDb) => {
    void db.exited.then(() => {
      if (db === current) running = false;
      if (stopping.signal.aborted) return;
      logger.error({ port: db.port }, 'embedded PostgreSQL exited; starting it again');
      restarting = restart(db.port).finally(() => (restarting = undefined));
    });
  };
  const restart = async (port: number) => {
    for (let attempt = 1; !stopping.signal.aborted; attempt++) {
      try {
        const started = await startEmbeddedPostgres(dataDir, log, warn, port);
        current = started;
        running = true;
        if (stopping.signal.aborted) return;
        logger.info({ attempt, port }, 'embedded PostgreSQL started again');
        watch(started);
        return;
      } catch (err) {
        const retryInMs = Math.min(250 * 2 ** (attempt - 1), 10_000);
        logger.warn(
          { err, attempt, retryInMs },
          'embedded PostgreSQL did not start again; retrying',
        );
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
      stopping.abort();
      // A start already under way may still finish (a few seconds at most): then that one is stopped.
      await Promise.race([restarting, new Promise((r) => setTimeout(r, 10_000).unref())]);
      // A dead server's stop() would wait for an exit that has already happened.
      if (running) await current.stop();
    },
  };
}
