import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/support/test-db.js';
import { isTransient } from '../http/problem-response.js';
import { sentAhead, sentWithNext } from './postgres-js-dialect.js';

let testDb: TestDb;

beforeAll(async () => {
  testDb = await createTestDb();
  await sql`create table t (id int primary key, note text)`.execute(testDb.db);
});
afterAll(() => testDb.drop());

const rows = async () =>
  (await sql<{ id: number }>`select id from t order by id`.execute(testDb.db)).rows.map(
    (r) => r.id,
  );

it('commits a transaction as a whole, and rolls it back as a whole when its callback throws', async () => {
  await testDb.db.transaction().execute(async (tx) => {
    await sql`insert into t values (1, 'a')`.execute(tx);
    await sql`insert into t values (2, 'b')`.execute(tx);
  });
  await expect(
    testDb.db.transaction().execute(async (tx) => {
      await sql`insert into t values (3, 'c')`.execute(tx);
      throw new Error('changed my mind');
    }),
  ).rejects.toThrow('changed my mind');
  await expect(
    testDb.db.transaction().execute(async (tx) => {
      await sql`insert into t values (4, 'd')`.execute(tx);
      await sql`insert into t values (1, 'duplicate')`.execute(tx);
    }),
  ).rejects.toThrow(/duplicate key/);
  expect(await rows()).toEqual([1, 2]);
});

it('keeps each transaction on its own connection: uncommitted rows are invisible to others', async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const open = testDb.db.transaction().execute(async (tx) => {
    await sql`insert into t values (10, 'pending')`.execute(tx);
    await gate;
  });
  await new Promise((r) => setTimeout(r, 50));
  expect(await rows()).not.toContain(10);
  release();
  await open;
  expect(await rows()).toContain(10);
});

it('applies isolation level and access mode', async () => {
  const level = await testDb.db
    .transaction()
    .setIsolationLevel('serializable')
    .setAccessMode('read only')
    .execute(
      async (tx) =>
        (
          await sql<{
            l: string;
            ro: string;
          }>`select current_setting('transaction_isolation') as l, current_setting('transaction_read_only') as ro`.execute(
            tx,
          )
        ).rows[0],
    );
  expect(level).toEqual({ l: 'serializable', ro: 'on' });
  await expect(
    testDb.db
      .transaction()
      .setAccessMode('read only')
      .execute((tx) => sql`insert into t values (99, 'x')`.execute(tx)),
  ).rejects.toThrow(/read-only/);
});

it('returns rows and affected counts, and survives a failed statement outside a transaction', async () => {
  const updated = await testDb.db
    .updateTable('t' as never)
    .set({ note: 'z' } as never)
    .where('id' as never, '<', 3 as never)
    .executeTakeFirst();
  expect(updated.numUpdatedRows).toBe(2n);
  await expect(sql`select * from missing_table`.execute(testDb.db)).rejects.toThrow(
    /missing_table/,
  );
  expect((await sql<{ n: number }>`select 1 as n`.execute(testDb.db)).rows).toEqual([{ n: 1 }]);
});

it('runs many transactions at once without losing or mixing any', async () => {
  await Promise.all(
    Array.from({ length: 60 }, (_, i) =>
      testDb.db
        .transaction()
        .execute(async (tx) => {
          await sql`insert into t values (${1000 + i}, 'many')`.execute(tx);
          if (i % 3 === 0) throw new Error('roll back every third');
        })
        .catch(() => {}),
    ),
  );
  const many = (await rows()).filter((id) => id >= 1000);
  expect(many).toEqual(
    Array.from({ length: 60 }, (_, i) => 1000 + i).filter((id) => (id - 1000) % 3 !== 0),
  );
});

it('streams a result in chunks', async () => {
  const seen: number[] = [];
  for await (const row of testDb.db
    .selectNoFrom(sql<number>`generate_series(1, 250)`.as('n'))
    .stream(100)) {
    seen.push(row.n);
  }
  expect(seen).toHaveLength(250);
  expect(seen.at(-1)).toBe(250);
});

// Seen under a PostgreSQL restart: COMMIT failed on the dead connection, which released it; Kysely's
// rollback then found no transaction, threw "rollback outside a transaction", and that error (a 500)
// took the place of the connection error (a 503 with Retry-After).
// The COMMIT is sent only once the backend is gone, so the client has seen its connection close: that
// order once hung for good (the statement was written to the closed connection and never answered),
// and made this test time out on a busy machine, where it was the likelier order.
it('reports the lost connection, not a rollback error, when COMMIT fails because the connection died', async () => {
  const failure = await testDb.db
    .transaction()
    .execute(async (tx) => {
      await sql`insert into t values (300, 'lost')`.execute(tx);
      const { pid } = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx))
        .rows[0]!;
      await sql`select pg_terminate_backend(${pid})`.execute(testDb.db);
      const alive = async () =>
        (
          await sql<{
            n: number;
          }>`select count(*)::int as n from pg_stat_activity where pid = ${pid}`.execute(testDb.db)
        ).rows[0]!.n;
      while ((await alive()) > 0) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 50));
    })
    .then(
      () => null,
      (err: unknown) => err,
    );
  expect(failure).not.toBeNull();
  expect((failure as Error).message).not.toMatch(/outside a transaction/);
  expect(isTransient(failure)).toBe(true);
  expect(await rows()).not.toContain(300);
  // The pool goes on.
  expect((await sql<{ one: number }>`select 1 as one`.execute(testDb.db)).rows).toEqual([
    { one: 1 },
  ]);
});

it('sends a write marked sentWithNext with what follows it, and commits it with the rest', async () => {
  const answered: string[] = [];
  await testDb.db.transaction().execute(async (tx) => {
    const result = await tx.executeQuery(
      sentWithNext(sql`insert into t values (400, 'later')`.compile(tx)),
    );
    answered.push(`later: ${result.rows.length} rows`);
    // The statement after it sees it: PostgreSQL ran it first.
    const seen = await sql<{ id: number }>`select id from t where id = 400`.execute(tx);
    answered.push(`seen: ${seen.rows.length}`);
    await tx.executeQuery(
      sentWithNext(sql`update t set note = 'with commit' where id = 400`.compile(tx)),
    );
  });
  expect(answered).toEqual(['later: 0 rows', 'seen: 1']);
  expect(
    (await sql<{ note: string }>`select note from t where id = 400`.execute(testDb.db)).rows,
  ).toEqual([{ note: 'with commit' }]);
});

it('fails the transaction with the error of a write sent without waiting: at COMMIT, or at the next statement, and commits nothing', async () => {
  // Sent with COMMIT: PostgreSQL answers ROLLBACK, and the write's own error is what the caller sees.
  await expect(
    testDb.db.transaction().execute(async (tx) => {
      await sql`insert into t values (500, 'first')`.execute(tx);
      await tx.executeQuery(sentWithNext(sql`insert into t values (500, 'again')`.compile(tx)));
    }),
  ).rejects.toThrow(/duplicate key/);
  // Followed by another statement: that one is refused (25P02), but the error is the write's.
  await expect(
    testDb.db.transaction().execute(async (tx) => {
      await sql`insert into t values (501, 'first')`.execute(tx);
      await tx.executeQuery(sentWithNext(sql`insert into t values (501, 'again')`.compile(tx)));
      await sql`insert into t values (502, 'after')`.execute(tx);
    }),
  ).rejects.toThrow(/duplicate key/);
  expect((await rows()).filter((id) => id >= 500 && id < 600)).toEqual([]);
  // A COMMIT that PostgreSQL turns into ROLLBACK (an error caught and ignored inside) is a failure, not a success.
  await expect(
    testDb.db.transaction().execute(async (tx) => {
      await sql`insert into t values (503, 'lost')`.execute(tx);
      await sql`select 1 / 0`.execute(tx).catch(() => {});
    }),
  ).rejects.toThrow(/rolled back/);
  expect(await rows()).not.toContain(503);
  // Outside a transaction it is a plain statement, answered.
  const { numAffectedRows } = await testDb.db.executeQuery(
    sentWithNext(sql`insert into t values (504, 'alone')`.compile(testDb.db)),
  );
  expect(numAffectedRows).toBe(1n);
});

it('sends a statement sentAhead without waiting for its answer, hands its rows over later, and fails the transaction with its error', async () => {
  await testDb.db.transaction().execute(async (tx) => {
    const started = performance.now();
    const { rows: slow } = await sentAhead(
      tx,
      sql<{ n: number }>`select 7 as n from pg_sleep(0.3)`.compile(tx),
    );
    const handedBack = performance.now() - started;
    // The next statement went out behind it at once; PostgreSQL answers both in order.
    const next = await sql<{ m: number }>`select 8 as m`.execute(tx);
    expect(handedBack).toBeLessThan(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(next.rows).toEqual([{ m: 8 }]);
    expect(await slow).toEqual([{ n: 7 }]);
  });
  let refused: Promise<unknown[]> | undefined;
  await expect(
    testDb.db.transaction().execute(async (tx) => {
      await sql`insert into t values (600, 'first')`.execute(tx);
      ({ rows: refused } = await sentAhead(
        tx,
        sql`insert into t values (600, 'again') returning id`.compile(tx),
      ));
      await sql`insert into t values (601, 'after')`.execute(tx);
    }),
  ).rejects.toThrow(/duplicate key/);
  await expect(refused).rejects.toThrow(/duplicate key/);
  expect((await rows()).filter((id) => id >= 600 && id < 700)).toEqual([]);
  // Outside a transaction it is a plain statement, answered.
  expect(
    await (
      await sentAhead(
        testDb.db,
        sql<{ id: number }>`insert into t values (602, 'alone') returning id`.compile(testDb.db),
      )
    ).rows,
  ).toEqual([{ id: 602 }]);
});
