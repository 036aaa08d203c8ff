import { sql } from 'kysely';
import type { Executor, Tx } from './database.js';
import { sentWithNext } from './postgres-js-dialect.js';
import { pruneOlder } from './prune.js';

export interface KeyRef {
  userId: string;
  key: string;
}

export interface StoredAnswer {
  fingerprint: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The answer stored under a key since `since`, if any. */
export async function findAnswer(
  db: Executor,
  ref: KeyRef,
  since: Date,
): Promise<StoredAnswer | null> {
  const row = await db
    .selectFrom('idempotency_keys')
    .select(['fingerprint', 'status', 'headers', 'body'])
    .where('user_id', '=', ref.userId)
    .where('key', '=', ref.key)
    .where('created_at', '>=', since)
    .where('status', 'is not', null)
    .executeTakeFirst();
  return row && row.status !== null ? { ...row, status: row.status } : null;
}

/**
 * Takes the key for this transaction, replacing one older than `since`. False when another request
 * holds it and committed first. A request with the key still running makes this wait on its
 * uncommitted row for 100 ms at most (lock_timeout, for this statement only): past that PostgreSQL
 * answers 55P03, and the caller answers "in progress" rather than hold a pooled connection waiting.
 */
export async function claimKey(
  tx: Tx,
  ref: KeyRef & { fingerprint: string; now: Date; since: Date },
): Promise<boolean> {
  const { rows } = await sql<{ claimed: boolean }>`
    insert into idempotency_keys (user_id, key, fingerprint, status, created_at)
    select ${ref.userId}, ${ref.key}, ${ref.fingerprint}, null, ${ref.now}
    from (select set_config('lock_timeout', '100ms', true)) as quick
    on conflict (user_id, key) do update
      set fingerprint = excluded.fingerprint, status = null, headers = '{}'::jsonb, body = '', created_at = excluded.created_at
      where idempotency_keys.created_at < ${ref.since}
    returning true as claimed,
      set_config('lock_timeout', (select reset_val from pg_settings where name = 'lock_timeout'), true) as restored`.execute(
    tx,
  );
  return rows.length > 0;
}

/** The claim waited past its lock timeout: a request with the key is still running. */
export const isKeyInProgress = (err: unknown): boolean =>
  (err as { code?: unknown } | null)?.code === '55P03';

/** Writes the answer under a key this transaction claimed, sent with the COMMIT that follows it. */
export async function saveAnswer(
  tx: Tx,
  ref: KeyRef,
  answer: Omit<StoredAnswer, 'fingerprint'>,
): Promise<void> {
  const update = tx
    .updateTable('idempotency_keys')
    .set({ status: answer.status, headers: answer.headers, body: answer.body })
    .where('user_id', '=', ref.userId)
    .where('key', '=', ref.key);
  await tx.executeQuery(sentWithNext(update.compile()));
}

/** Stores an answer on its own (a change that was not made in a claimed transaction), unless one is there. */
export async function storeAnswer(
  db: Executor,
  ref: KeyRef,
  answer: StoredAnswer & { now: Date; since: Date },
): Promise<void> {
  await sql`
    insert into idempotency_keys (user_id, key, fingerprint, status, headers, body, created_at)
    values (${ref.userId}, ${ref.key}, ${answer.fingerprint}, ${answer.status}, ${JSON.stringify(answer.headers)}::jsonb, ${answer.body}, ${answer.now})
    on conflict (user_id, key) do update
      set fingerprint = excluded.fingerprint, status = excluded.status, headers = excluded.headers, body = excluded.body, created_at = excluded.created_at
      where idempotency_keys.created_at < ${answer.since}`.execute(db);
}

/** Deletes up to `limit` keys created before `before`; returns how many. */
export const pruneKeys = (db: Executor, before: Date, limit: number): Promise<number> =>
  pruneOlder(db, 'idempotency_keys', 'created_at', before, limit);
