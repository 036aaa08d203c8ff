import { sql, type Kysely } from 'kysely';

// Frozen once landed, and forward-only. Sign-in failures per email and client address wait longer
// after each one: the time of the last failure, from which the next delay counts.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table signin_throttle add column last_failed_at timestamptz`.execute(db);
}
