import { sql, type Kysely } from 'kysely';

// Frozen once landed, and forward-only. Series "on schedule": each occurrence of the rule becomes its own
// task at a lead time before it is due, done or not. `series_occurrences` is the ledger that makes each
// occurrence exactly once: one row per (series, due date), written in the transaction that creates
// the task and moves `next_due` on.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('series')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    // Who made it (its tasks' creator); the project decides who may see and change it.
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('project_id', 'uuid', (c) =>
      c.notNull().references('projects.id').onDelete('cascade'),
    )
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('priority', 'text', (c) => c.notNull().defaultTo('medium'))
    .addColumn('tags', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('rrule', 'text', (c) => c.notNull())
    .addColumn('dtstart', 'timestamptz', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    // Minutes before its due time an occurrence is created; null: at the start of its day.
    .addColumn('lead_minutes', 'integer')
    .addColumn('remind_minutes', 'integer')
    .addColumn('catch_up', 'text', (c) => c.notNull().defaultTo('all'))
    .addColumn('catch_up_cap', 'integer', (c) => c.notNull().defaultTo(50))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    // The next occurrence not created yet, and when it is to be; null once the rule has ended.
    .addColumn('next_due', 'timestamptz')
    .addColumn('next_create_at', 'timestamptz')
    .addColumn('generated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_due', 'timestamptz')
    // The last catch-up that skipped occurrences past the cap: when, and how many.
    .addColumn('capped_at', 'timestamptz')
    .addColumn('capped_skipped', 'integer', (c) => c.notNull().defaultTo(0))
    // "This and following": the series this one was split from.
    .addColumn('split_from', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('deleted_at', 'timestamptz')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint('series_catch_up', sql`catch_up in ('all', 'latest')`)
    .addCheckConstraint('series_status', sql`status in ('active', 'paused', 'ended')`)
    .addCheckConstraint('series_priority', sql`priority in ('low', 'medium', 'high', 'urgent')`)
    .execute();
  await sql`create index series_due on series (next_create_at) where status = 'active' and deleted_at is null and next_create_at is not null`.execute(
    db,
  );
  await sql`create index series_project on series (project_id, created_at desc, id desc) where deleted_at is null`.execute(
    db,
  );

  await db.schema
    .createTable('series_occurrences')
    .addColumn('series_id', 'uuid', (c) => c.notNull().references('series.id').onDelete('cascade'))
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('task_id', 'uuid', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('series_occurrences_pkey', ['series_id', 'due_at'])
    .execute();

  await sql`alter table tasks add column series_id uuid`.execute(db);
  await sql`create index tasks_series on tasks (series_id) where series_id is not null`.execute(db);

  // The embedded scheduler's timer hears of every series that comes due sooner than it thought.
  await sql`
    create function ripple_series_armed() returns trigger language plpgsql as $$
    begin
      if new.next_create_at is not null and new.status = 'active' and new.deleted_at is null then
        perform pg_notify('ripple_series', (extract(epoch from new.next_create_at) * 1000)::bigint::text);
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger ripple_series_armed after insert or update of next_create_at, status, deleted_at on series
    for each row execute function ripple_series_armed()`.execute(db);
}
