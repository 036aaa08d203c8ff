import { sql, type Kysely } from 'kysely';

// Frozen once landed, and forward-only. Reminders and notifications.

export async function up(db: Kysely<any>): Promise<void> {
  // The remind_at a reminder was sent for: a task is due a reminder while its remind_at has passed and
  // differs from this, so each remind_at is reminded once, and changing it re-arms the reminder.
  await sql`alter table tasks add column reminder_sent_for timestamptz`.execute(db);
  await sql`create index tasks_reminders_due on tasks (remind_at)
    where remind_at is not null and status = 'pending' and deleted_at is null and reminder_sent_for is distinct from remind_at`.execute(
    db,
  );

  // Whoever schedules reminders hears of every remind_at that is set: the embedded scheduler's timer
  // is re-armed for it at once, in whichever process.
  await sql`
    create function ripple_reminder_armed() returns trigger language plpgsql as $$
    begin
      if new.remind_at is not null and new.status = 'pending' and new.deleted_at is null
         and new.reminder_sent_for is distinct from new.remind_at then
        perform pg_notify('ripple_reminders', (extract(epoch from new.remind_at) * 1000)::bigint::text);
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger ripple_reminder_armed after insert or update of remind_at, status, deleted_at on tasks
    for each row execute function ripple_reminder_armed()`.execute(db);

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('task_id', 'uuid', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('read_at', 'timestamptz')
    .addCheckConstraint('notifications_kind', sql`kind in ('reminder')`)
    .execute();
  await sql`create index notifications_user_time on notifications (user_id, created_at desc, id desc)`.execute(
    db,
  );
}
