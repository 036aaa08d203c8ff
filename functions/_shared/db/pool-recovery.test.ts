import { sql, type Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { within } from '../../../test/support/process.js';
import { startTcpProxy, type TcpProxy } from '../../../test/support/tcp-proxy.js';
import { createTestDb, type TestDb } from '../../../test/support/test-db.js';
import { connectDb } from './connect.js';
import type { Database } from './database.js';

// The pool under a database that goes away: every transaction and query gets an answer (a result or
// an error), and the pool serves again once the database is back. Each case below once hung for good
// (postgres.js 3.4.9, fixed in patches/postgres+3.4.9.patch), which under a PostgreSQL restart stopped
// the outbox relay and, with enough leaked connections, the whole API.

let testDb: TestDb;
let proxy: TcpProxy;
let db: Kysely<Database>;

beforeAll(async () => {
  testDb = await createTestDb({ migrate: false });
  await sql`create table t (id int primary key)`.execute(testDb.db);
});
afterEach(async () => {
  await db?.destroy();
  await proxy?.close();
});
afterAll(() => testDb.drop());

/** One connection, so that the next transaction waits for it, through a proxy the test can cut. */
async function onePooledConnection() {
  proxy = await startTcpProxy(testDb.url);
  db = connectDb({ url: proxy.url, poolMax: 1, statementTimeoutMs: 5_000 });
  await sql`select 1`.execute(db);
}

const insert = (id: number) =>
  db.transaction().execute((tx) => sql`insert into t values (${id})`.execute(tx));
const settle = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (err: Error) => `failed: ${err.message}`,
  );
const ids = async () =>
  (await sql<{ id: number }>`select id from t order by id`.execute(testDb.db)).rows.map(
    (r) => r.id,
  );

it('answers a transaction that waited for a connection which then died', async () => {
  await onePooledConnection();
  let release!: () => void;
  const holding = db.transaction().execute(async (tx) => {
    await sql`select 1`.execute(tx);
    await new Promise<void>((r) => (release = r));
    await sql`select 1`.execute(tx);
  });
  await new Promise((r) => setTimeout(r, 50));
  // Waits for the one connection: its reservation is queued when the connection dies.
  const waiting = insert(1);
  await new Promise((r) => setTimeout(r, 50));
  proxy.cut();
  await new Promise((r) => setTimeout(r, 50));
  release();
  expect(await within(5_000, 'the holding transaction', settle(holding))).toMatch(/^failed/);
  expect(await within(5_000, 'the waiting transaction', settle(waiting))).toBe('ok');
  expect(await ids()).toContain(1);
});

it('gives the pool its connection back after a transaction failed to connect', async () => {
  await onePooledConnection();
  await proxy.down();
  expect(await within(10_000, 'a transaction while down', settle(insert(2)))).toMatch(/^failed/);
  await proxy.up();
  // The failed reservation once stayed queued and took the next connection with it: nothing ran again.
  for (const id of [3, 4, 5])
    expect(await within(5_000, `transaction ${id} after the outage`, settle(insert(id)))).toBe(
      'ok',
    );
  expect(await within(5_000, 'a query after the outage', settle(sql`select 1`.execute(db)))).toBe(
    'ok',
  );
});

it('never sends a dead transaction’s statements on a connection another transaction now holds', async () => {
  await onePooledConnection();
  let cutDone!: () => void;
  const cutSeen = new Promise<void>((r) => (cutDone = r));
  // The first transaction loses its connection mid-way and then, unaware, goes on.
  const stale = db.transaction().execute(async (tx) => {
    await sql`insert into t values (10)`.execute(tx);
    await cutSeen;
    await sql`insert into t values (11)`.execute(tx);
  });
  await new Promise((r) => setTimeout(r, 50));
  proxy.cut();
  await new Promise((r) => setTimeout(r, 100));
  // The reconnected connection now belongs to this one.
  let commitNow!: () => void;
  const next = db.transaction().execute(async (tx) => {
    await sql`insert into t values (20)`.execute(tx);
    await new Promise<void>((r) => (commitNow = r));
    await sql`insert into t values (21)`.execute(tx);
  });
  await new Promise((r) => setTimeout(r, 100));
  cutDone();
  expect(await within(5_000, 'the stale transaction', settle(stale))).toMatch(/^failed/);
  commitNow();
  expect(await within(5_000, 'the next transaction', settle(next))).toBe('ok');
  const stored = await ids();
  expect(stored).toEqual(expect.arrayContaining([20, 21]));
  expect(stored).not.toContain(10);
  expect(stored).not.toContain(11);
});

it('serves again after many cuts under concurrent transactions, with every one answered', async () => {
  await onePooledConnection();
  await db.destroy();
  db = connectDb({ url: proxy.url, poolMax: 3, statementTimeoutMs: 5_000 });
  const outcomes: Promise<string>[] = [];
  for (let round = 0; round < 10; round++) {
    for (let i = 0; i < 10; i++) outcomes.push(settle(insert(1000 + round * 10 + i)));
    await new Promise((r) => setTimeout(r, 5 + round * 3));
    if (round % 2 === 0) proxy.cut();
    else {
      await proxy.down();
      await new Promise((r) => setTimeout(r, 30));
      await proxy.up();
    }
  }
  const results = await within(20_000, 'every transaction answered', Promise.all(outcomes));
  const stored = new Set(await ids());
  // Acknowledged means stored.
  results.forEach((r, n) => r === 'ok' && expect(stored.has(1000 + n)).toBe(true));
  expect(await within(5_000, 'a transaction after the cuts', settle(insert(5000)))).toBe('ok');
});

// A reset connection tells postgres.js twice: 'error' first, then 'close' an event-loop phase later.
// What is sent in between (a ROLLBACK after the failed statement, the next query of the pool) once
// went into a socket already gone and was never answered: the hang behind a rare failure of the test above.
it('answers the ROLLBACK of a transaction whose connection was reset', async () => {
  await onePooledConnection();
  const doomed = db.transaction().execute(async (tx) => {
    await sql`select 1`.execute(tx);
    await sql`select pg_sleep(2)`.execute(tx);
  });
  await new Promise((r) => setTimeout(r, 100));
  proxy.reset();
  expect(await within(5_000, 'the transaction whose connection was reset', settle(doomed))).toMatch(
    /^failed/,
  );
  expect(await within(5_000, 'a transaction after the reset', settle(insert(30)))).toBe('ok');
});

it('answers a query sent, as the pool’s connection is reset, by the failure of the one before', async () => {
  await onePooledConnection();
  const next = sql`select pg_sleep(2)`.execute(db).then(
    () => 'not failed',
    () => settle(sql`select 1`.execute(db)),
  );
  await new Promise((r) => setTimeout(r, 100));
  proxy.reset();
  expect(await within(5_000, 'the query sent after the reset', next)).toMatch(/^(ok|failed)/);
  expect(await within(5_000, 'a query after the reset', settle(sql`select 1`.execute(db)))).toBe(
    'ok',
  );
});
