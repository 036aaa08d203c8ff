import { sql, type Kysely } from 'kysely';

// Frozen once landed, and forward-only. Supports GET /api/tasks: substring search, sorting by
// priority rank, and a keyset index per sort key.

export async function up(db: Kysely<any>): Promise<void> {
  // Trusted since PostgreSQL 13: a database owner may create it.
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create index tasks_title_trgm on tasks using gin (title gin_trgm_ops)`.execute(db);
  await sql`create index tasks_description_trgm on tasks using gin (description gin_trgm_ops)`.execute(
    db,
  );

  await sql`alter table tasks add column priority_rank smallint not null generated always as (
    case priority when 'low' then 0 when 'medium' then 1 when 'high' then 2 else 3 end) stored`.execute(
    db,
  );

  const live = sql`where deleted_at is null`;
  await sql`create index tasks_user_updated on tasks (user_id, updated_at, id) ${live}`.execute(db);
  await sql`create index tasks_user_due on tasks (user_id, due_at, id) ${live}`.execute(db);
  await sql`create index tasks_user_priority on tasks (user_id, priority_rank, id) ${live}`.execute(
    db,
  );
  await sql`create index tasks_user_title on tasks (user_id, (lower(title) collate "C"), id) ${live}`.execute(
    db,
  );
}
