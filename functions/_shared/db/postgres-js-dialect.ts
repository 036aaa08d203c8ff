import type { CompiledQuery } from 'kysely';
import {
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { ReservedSql, Row, RowList, Sql } from 'postgres';
import type { Executor } from './database.js';
import { alwaysUp, type DbHealth } from './health.js';

/** Connections held by transactions, and transactions waiting for one, counted as they come and go (the metrics read it). */
export interface PoolCounter {
  inUse: number;
  waiting: number;
}

/**
 * Kysely over postgres.js, built for throughput. kysely-postgres-js runs every query unprepared (two
 * round trips each, see PREPARED), reserves a dedicated connection for every query, and Kysely waits
 * for BEGIN before a transaction's first statement; measured on this machine a two-insert transaction
 * ran ~0.6x as fast as postgres.js's own `sql.begin`. Here queries are prepared, a plain query goes to
 * the pool (postgres.js queues and pipelines it), and a transaction reserves one connection and
 * pipelines BEGIN with its first statement, as `sql.begin` does.
 *
 * Outside a transaction, `db.connection()` therefore does not pin one session: do not rely on
 * session state (SET, temp tables) there; use a transaction.
 */
export class PostgresJsDialect implements Dialect {
  /** `health` hears of every statement's outcome: a lost connection marks the database down. */
  /** `pool` answers the pool to use now (it is replaced after an outage); `onDestroy` runs before it closes. */
  constructor(
    private readonly pool: () => Sql,
    private readonly health: DbHealth = alwaysUp,
    private readonly onDestroy: () => Promise<void> = async () => {},
    private readonly counter: PoolCounter = { inUse: 0, waiting: 0 },
  ) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PostgresJsDriver(this.pool, this.health, this.onDestroy, this.counter);
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

class PostgresJsDriver implements Driver {
  constructor(
    private readonly pool: () => Sql,
    private readonly health: DbHealth,
    private readonly onDestroy: () => Promise<void>,
    private readonly counter: PoolCounter,
  ) {}
  async init() {}
  async acquireConnection() {
    return new PostgresJsConnection(this.pool(), this.health, this.counter);
  }
  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    await (connection as PostgresJsConnection).begin(settings);
  }
  async commitTransaction(connection: DatabaseConnection) {
    await (connection as PostgresJsConnection).end('commit');
  }
  async rollbackTransaction(connection: DatabaseConnection) {
    await (connection as PostgresJsConnection).end('rollback');
  }
  async releaseConnection(connection: DatabaseConnection) {
    (connection as PostgresJsConnection).release();
  }
  async destroy() {
    await this.onDestroy();
    // Called once requests and publishing are done: what is left is a connection attempt to a database
    // that does not answer (it would hold the exit for its connect timeout), or nothing.
    await this.pool().end({ timeout: 1 });
  }
}

const MUTATIONS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

const LATER = new WeakSet<CompiledQuery>();

/** postgres.js's answer as Kysely's result. */
const queryResult = <R>(result: RowList<Row[]>): QueryResult<R> => ({
  rows: Array.from(result) as R[],
  ...(MUTATIONS.has(result.command) ? { numAffectedRows: BigInt(result.count ?? 0) } : {}),
});

/**
 * Marks a write whose caller needs no result (an outbox row, a row marked published): in a
 * transaction it is sent at once and not waited for, so it travels with the statement after it or
 * with COMMIT, one round trip fewer. If it fails, the transaction fails with its error: at the next
 * statement, or at COMMIT (which PostgreSQL then answers ROLLBACK). Outside a transaction it runs as
 * any statement.
 */
export function sentWithNext(query: CompiledQuery): CompiledQuery {
  LATER.add(query);
  return query;
}

const AHEAD = new WeakMap<CompiledQuery, (answer: Promise<QueryResult<unknown>>) => void>();

/**
 * A statement sent at once in a transaction, whose rows the caller reads later: Kysely's answer comes
 * before PostgreSQL's, so the statements after it travel without waiting for it (with BEGIN and the next
 * one, a round trip fewer). Its rows come later, in `rows`. If it fails, the transaction fails
 * with its error, as a write sent with the next does (sentWithNext). Outside a transaction it runs as
 * any statement.
 */
export async function sentAhead<R>(
  db: Executor,
  query: CompiledQuery<R>,
): Promise<{ rows: Promise<R[]> }> {
  let handOver: (answer: Promise<QueryResult<unknown>>) => void = () => {};
  const rows = new Promise<R[]>(
    (resolve, reject) =>
      (handOver = (answer) => answer.then((r) => resolve(r.rows as R[]), reject)),
  );
  AHEAD.set(query, handOver);
  const result = await db.executeQuery(query);
  // Outside a transaction the statement ran as any other, its answer already here.
  if (AHEAD.has(query)) {
    AHEAD.delete(query);
    return { rows: Promise.resolve(result.rows) };
  }
  // Its failure fails the transaction: a caller that never reads the rows has it told there.
  rows.catch(() => {});
  // Wrapped: a promise answered by an async function would be waited for.
  return { rows };
}
// postgres.js's unsafe() does not prepare by default, and then sends every query with parameters
// twice: a Describe round trip to learn the parameter types, then the execution. Kysely's SQL text is
// stable, so named statements (cached per connection) cost one round trip.
const PREPARED = { prepare: true } as const;

class PostgresJsConnection implements DatabaseConnection {
  #reserved: ReservedSql | undefined;
  #begin: Promise<unknown> | undefined;
  /** Writes sent without waiting (sentWithNext), not yet known to have succeeded. */
  #unanswered: Promise<unknown>[] = [];
  /** The first of them to fail: the transaction's real error. */
  #failed: unknown;

  constructor(
    private readonly pool: Sql,
    private readonly health: DbHealth,
    private readonly counter: PoolCounter,
  ) {}

  /** Tells `health` of a failure: a lost connection may mean the database is down. */
  async #watch<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (err) {
      this.health.failed(err);
      throw err;
    }
  }

  async begin(settings: TransactionSettings): Promise<void> {
    this.counter.waiting++;
    try {
      this.#reserved = await this.#watch(this.pool.reserve());
    } finally {
      this.counter.waiting--;
    }
    this.counter.inUse++;
    let statement = 'begin';
    if (settings.isolationLevel) statement += ` isolation level ${settings.isolationLevel}`;
    if (settings.accessMode) statement += ` ${settings.accessMode}`;
    // Sent now, awaited with the first statement: one round trip saved per transaction.
    const begin = this.#reserved.unsafe(statement).execute();
    begin.catch(() => {});
    this.#begin = begin;
  }

  async end(statement: 'commit' | 'rollback'): Promise<void> {
    const reserved = this.#reserved;
    // A COMMIT that failed (its connection died) has released the connection already, and Kysely then
    // rolls back: there is nothing left to roll back (PostgreSQL did, when the connection went), and
    // an error here would take the place of the real one.
    if (!reserved && statement === 'rollback') return;
    if (!reserved) throw new Error(`${statement} outside a transaction`);
    try {
      await this.#watch(this.#takeBegin());
      const ended = reserved.unsafe(statement).execute();
      ended.catch(() => {});
      await this.#settleUnanswered();
      const result = await this.#watch(ended);
      // A transaction that failed (a write sent with COMMIT) is rolled back by PostgreSQL, and its COMMIT
      // answered ROLLBACK rather than an error.
      if (statement === 'commit' && result.command === 'ROLLBACK')
        throw new Error('the transaction was rolled back by PostgreSQL at COMMIT');
    } finally {
      this.release();
    }
  }

  /** Waits for the writes sent without waiting; throws the first one's failure. */
  async #settleUnanswered(): Promise<void> {
    const unanswered = this.#unanswered;
    this.#unanswered = [];
    await Promise.allSettled(unanswered);
    if (this.#failed !== undefined) throw this.#failed;
  }

  release(): void {
    if (this.#reserved) this.counter.inUse--;
    this.#reserved?.release();
    this.#reserved = undefined;
    this.#begin = undefined;
    this.#unanswered = [];
    this.#failed = undefined;
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    if (this.#failed !== undefined) throw this.#failed;
    const query = (this.#reserved ?? this.pool)
      .unsafe(compiled.sql, compiled.parameters as never[], PREPARED)
      .execute();
    const ahead = this.#reserved ? AHEAD.get(compiled) : undefined;
    if (ahead) {
      AHEAD.delete(compiled);
      // Not even BEGIN is waited for: the next statement (or COMMIT) surfaces a failed BEGIN.
      const answer = this.#answerOf<R>(query);
      this.#unanswered.push(answer.catch((err: unknown) => void (this.#failed ??= err)));
      ahead(answer);
      return { rows: [] };
    }
    if (this.#reserved && LATER.has(compiled)) {
      const sent = this.#watch(query).catch((err: unknown) => {
        this.#failed ??= err;
      });
      this.#unanswered.push(sent);
      await this.#watch(this.#takeBegin(query));
      return { rows: [] };
    }
    await this.#watch(this.#takeBegin(query));
    // After a write sent without waiting failed, PostgreSQL refuses what follows (25P02): say why.
    const result = await this.#watch(query).catch(async (err: unknown) => {
      await Promise.allSettled(this.#unanswered);
      throw this.#failed ?? err;
    });
    return queryResult<R>(result);
  }

  /** The statement's answer as Kysely's result, a failure told to `health`. */
  async #answerOf<R>(query: Promise<RowList<Row[]>>): Promise<QueryResult<R>> {
    return queryResult<R>(await this.#watch(query));
  }

  async *streamQuery<R>(
    compiled: CompiledQuery,
    chunkSize = 100,
  ): AsyncIterableIterator<QueryResult<R>> {
    await this.#takeBegin();
    const cursor = (this.#reserved ?? this.pool)
      .unsafe(compiled.sql, compiled.parameters as never[])
      .cursor(chunkSize);
    for await (const rows of cursor) yield { rows: rows as R[] };
  }

  /** Surfaces a failed BEGIN before anything that was pipelined behind it. */
  async #takeBegin(pipelined?: Promise<unknown>): Promise<void> {
    const begin = this.#begin;
    if (!begin) return;
    this.#begin = undefined;
    try {
      await begin;
    } catch (err) {
      pipelined?.catch(() => {});
      throw err;
    }
  }
}
