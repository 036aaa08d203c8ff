import { Kysely } from 'kysely';
import postgres from 'postgres';
import type { Database } from './database.js';
import { PostgresJsDialect } from './postgres-js-dialect.js';

export interface DbOptions {
  url: string;
  poolMax: number;
  statementTimeoutMs: number;
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
    onnotice: () => {},
    connection: {
      application_name: 'ripple',
      statement_timeout: options.statementTimeoutMs,
      lock_timeout: options.statementTimeoutMs,
      idle_in_transaction_session_timeout: options.statementTimeoutMs * 2,
    },
  });
  return new Kysely<Database>({ dialect: new PostgresJsDialect(sql) });
}
