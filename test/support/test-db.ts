import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import postgres from 'postgres';
import { inject } from 'vitest';
import { connectDb, type PoolCounter } from '../../functions/_shared/db/connect.js';
import type { Database } from '../../functions/_shared/db/database.js';
import { migrateToLatest } from '../../functions/_shared/db/migrate.js';

export interface TestDb {
  db: Kysely<Database>;
  url: string;
  /** The pool's use (5 connections at most). */
  counter: PoolCounter;
  drop(): Promise<void>;
}

/** A new, migrated (unless told not to) database on the run's PostgreSQL server: no test file sees another's rows. */
export async function createTestDb(options: { migrate?: boolean } = {}): Promise<TestDb> {
  const serverUrl = inject('postgresUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const counter: PoolCounter = { inUse: 0, waiting: 0 };
  const db = connectDb({ url: url.toString(), poolMax: 5, statementTimeoutMs: 10_000, counter });
  if (options.migrate !== false) await migrateToLatest(db);
  return {
    db,
    url: url.toString(),
    counter,
    async drop() {
      await db.destroy();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
