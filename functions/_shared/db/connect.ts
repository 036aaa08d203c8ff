import { Kysely } from 'kysely';
import postgres from 'postgres';
import type { Database } from './database.js';
import { createDbHealth, type DbHealth } from './health.js';
import { PostgresJsDialect, type PoolCounter } from './postgres-js-dialect.js';

export type { PoolCounter };

export interface DbOptions {
  url: string;
  poolMax: number;
  statementTimeoutMs: number;
  /** Told of every statement's outcome, so requests can fail fast while the database is down. */
  health?: DbHealth | undefined;
  /** Counts the pool's use, for the metrics. */
  counter?: PoolCounter | undefined;
}

/**
 * Seconds between attempts to reconnect. postgres.js's default grows to 20 s: a connection that
 * failed a few times during an outage came back up to 20 s after the database did. Capped at 0.25 s, a
 * restarted database is in use again well within a second.
 */
export const reconnectBackoff = (retries: number) => Math.min(0.02 * 2 ** retries, 0.25);

/** `work`, or a rejection once `ms` pass without its answer (a database that does not answer keeps no one waiting). */
export const answerWithin = <T>(ms: number, work: Promise<T>): Promise<T> =>
  Promise.race([
    work,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref(),
    ),
  ]);

/** The pool's settings; every statement gets a server-side timeout, and so does a transaction left idle. */
function openPool(
  options: Pick<DbOptions, 'url' | 'poolMax' | 'statementTimeoutMs'>,
): postgres.Sql {
  return postgres(options.url, {
    max: options.poolMax,
    connect_timeout: 5,
    idle_timeout: 60,
    // While the database is unreachable, postgres.js hands queued queries to reconnect attempts one
    // at a time, waiting `backoff` seconds between them: with its default, queries queued for minutes
    // instead of failing, and the pool took seconds to notice the database was back. Meanwhile requests
    // do not queue here: the circuit (health) answers them 503 at once, and one probe looks for the
    // database's return, so the attempts stay few.
    backoff: reconnectBackoff,
    onnotice: () => {},
    connection: {
      application_name: 'ripple',
      statement_timeout: options.statementTimeoutMs,
      lock_timeout: options.statementTimeoutMs,
      idle_in_transaction_session_timeout: options.statementTimeoutMs * 2,
    },
  });
}

/**
 * One pool per process. Every statement has a server-side timeout, and so does a transaction left
 * idle, so a stuck query or a crashed handler cannot hold a connection or a lock for long.
 */
export function connectDb(options: DbOptions): Kysely<Database> {
  const pool = openPool(options);
  return new Kysely<Database>({
    dialect: new PostgresJsDialect(() => pool, options.health, undefined, options.counter),
  });
}

export interface DbWithHealth {
  db: Kysely<Database>;
  health: DbHealth;
  /** The pool's use now (for the metrics). */
  counter: PoolCounter;
}

/**
 * The pool with its circuit (health.ts). When the database comes back after an outage, the pool is
 * replaced by a fresh one: connections made before it went away may still reach a server process that
 * outlived it (seen for seconds after a kill -9 of the postmaster), and work sent there waits. The old
 * pool finishes what it has and closes. The probe uses a connection of its own for the same reason.
 */
export function connectDbWithHealth(
  options: Omit<DbOptions, 'health'> & { onChange?: (down: boolean, err?: unknown) => void },
): DbWithHealth {
  let pool = openPool(options);
  const health = createDbHealth({
    probe: async () => {
      const probe = postgres(options.url, {
        max: 1,
        connect_timeout: 1,
        idle_timeout: 1,
        onnotice: () => {},
        connection: { application_name: 'ripple-probe' },
      });
      try {
        await answerWithin(1_000, probe`select 1`);
      } finally {
        void probe.end({ timeout: 1 });
      }
    },
    onChange(down, err) {
      if (!down) {
        // What the old pool still runs began before the outage: a statement's time to finish, then its
        // connections close.
        void pool.end({ timeout: options.statementTimeoutMs / 1000 + 1 });
        pool = openPool(options);
      }
      options.onChange?.(down, err);
    },
  });
  const counter: PoolCounter = { inUse: 0, waiting: 0 };
  const dialect = new PostgresJsDialect(
    () => pool,
    health,
    async () => health.close(),
    counter,
  );
  return { db: new Kysely<Database>({ dialect }), health, counter };
}
