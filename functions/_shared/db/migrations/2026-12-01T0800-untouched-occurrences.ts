import { sql, type Kysely } from 'kysely';

// Frozen once landed, and forward-only. Reopening a completed recurring task withdraws its next
// occurrence if its user has not touched it, and completing it again brings the same one back. This
// is the version Ripple itself left an occurrence at (spawned, withdrawn, brought back): while the
// task's version still equals it, its user has not changed it. Null for tasks a user created.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table tasks add column untouched_version integer`.execute(db);
  // Occurrences spawned before this migration and never changed since.
  await sql`update tasks set untouched_version = 1 where recurred_from is not null and version = 1`.execute(
    db,
  );
}
