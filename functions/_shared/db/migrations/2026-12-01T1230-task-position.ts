import { sql, type Kysely } from 'kysely';

// Frozen once landed, and forward-only. A manual order of a project's tasks: `position` ascending. A
// new task goes last (its creation time in milliseconds); a move sets a value between its neighbours'.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table tasks add column position double precision`.execute(db);
  await sql`update tasks set position = extract(epoch from created_at) * 1000`.execute(db);
  await sql`alter table tasks alter column position set default (extract(epoch from clock_timestamp()) * 1000), alter column position set not null`.execute(
    db,
  );
  await sql`create index tasks_project_position on tasks (project_id, position, id) where deleted_at is null`.execute(
    db,
  );
}
