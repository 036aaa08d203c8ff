import { Kysely } from 'kysely';
import postgres from 'postgres';
import type { Database } from './database.js';
import type { DbHealth } from './health.js';
import { PostgresJsDialect } from './postgres-js-dialect.js';

export interface DbOptions {
  url: string;
  poolMax: number;
  statementTimeoutMs: number;
  /** Told of every statement's outcome, so requests can fail fast while the database is down. */
  health?: DbHealth | undefined;
}

/**
 * One pool per process. Every statement has a server-side timeout, and so does a transaction left
 * idle, so a stuck query or a crashed handler cannot hold a connection or a lock for long.
 */
export function connectDb(options: DbOptions): Kysely<Database> {
  const sql = postgres(options.url, {
    max: options.poolMax,
    connect_timeout: 5,
    idle_timeout: 60,
    // While the database is unreachable, postgres.js hands queued queries to reconnect attempts one
    // at a time, waiting `backoff` seconds between them; its default grows to 20 s. Queries then queued
    // for minutes instead of failing, and the pool took seconds to notice the database was back.
    // Capped at 0.25 s: a restarted database is in use again well within a second. Meanwhile requests
    // do not queue here: the circuit (health) answers them 503 at once, and one probe looks for the
    // database's return, so the attempts stay few.
    backoff: (retries: number) => Math.min(0.02 * 2 ** retries, 0.25),
    onnotice: () => {},
    connection: {
      application_name: 'ripple',
      statement_timeout: options.statementTimeoutMs,
      lock_timeout: options.statementTimeoutMs,
      idle_in_transaction_session_timeout: options.statementTimeoutMs * 2,
    },
  });
  return new Kysely<Database>({ dialect: new PostgresJsDialect(sql, options.health) });
}
