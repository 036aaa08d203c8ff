import { sql, type Kysely } from 'kysely';

// Frozen once landed, and forward-only. Recurring tasks: the series' first due date, which every
// occurrence aims for (Jan 31 monthly comes back to the 31st after February), and the link from an
// occurrence to the one it follows, unique, so a task spawns at most one successor however often its
// completion is delivered or toggled.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table tasks add column recurrence_anchor timestamptz`.execute(db);
  await sql`update tasks set recurrence_anchor = due_at where recurrence is not null`.execute(db);
  await sql`alter table tasks add column recurred_from uuid references tasks (id) on delete set null`.execute(
    db,
  );
  await sql`create unique index tasks_recurred_from on tasks (recurred_from) where recurred_from is not null`.execute(
    db,
  );
}
