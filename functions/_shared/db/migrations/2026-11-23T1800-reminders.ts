import { sql, type Kysely } from 'kysely';

// Frozen once landed, and forward-only. Reminders and notifications.

export async function up(db: Kysely<any>): Promise<void> {
  // The remind_at a reminder was sent for: a task is due a reminder while its remind_at has passed and
  // differs from this, so each remind_at is reminded once, and changing it re-arms the reminder.
  await sql`alter table tasks add column reminder_sent_for timestamptz`.execute(db);
  await sql`create index tasks_reminders_due on tasks (remind_at)
    where remind_at is not null and status = 'pending' and deleted_at is null and reminder_sent_for is distinct from remind_at`.execute(db);

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
  await sql`create index notifications_user_time on notifications (user_id, created_at desc, id desc)`.execute(db);
}
