import { sql } from 'kysely';
import type { Database, Executor } from './database.js';

/** Deletes up to `limit` rows of `table` whose `column` is before `before`, oldest first; returns how many. */
export async function pruneOlder<T extends keyof Database & string>(
  db: Executor,
  table: T,
  column: keyof Database[T] & string,
  before: Date,
  limit: number,
): Promise<number> {
  const { numAffectedRows } = await sql`
    delete from ${sql.table(table)} where ctid in (
      select ctid from ${sql.table(table)} where ${sql.ref(column)} < ${before} order by ${sql.ref(column)} limit ${limit}
    )`.execute(db);
  return Number(numAffectedRows ?? 0);
}
