import { sql, type Kysely } from 'kysely';

// Frozen once landed, and forward-only. Notification channels beyond the bell (issue 21): what each user
// wants told where, their quiet hours and agenda hour, the browsers they subscribed for Web Push, and the
// ledger of deliveries: one row per (channel, what is told, where), so a redelivered event finds its row
// and sends nothing twice. A row waits (quiet hours, a retry) until next_attempt_at; one given up on is
// kept with its reason (the channel's dead letters).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notification_preferences')
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('reminder', 'invitation', 'assigned', 'agenda')`),
    )
    .addColumn('channel', 'text', (c) =>
      c.notNull().check(sql`channel in ('in_app', 'push', 'email')`),
    )
    .addColumn('enabled', 'boolean', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_preferences_pkey', ['user_id', 'kind', 'channel'])
    .execute();

  await db.schema
    .createTable('notification_settings')
    .addColumn('user_id', 'uuid', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    // Minutes after local midnight; both set or neither. start > end spans midnight.
    .addColumn('quiet_start', 'smallint', (c) => c.check(sql`quiet_start between 0 and 1439`))
    .addColumn('quiet_end', 'smallint', (c) => c.check(sql`quiet_end between 0 and 1439`))
    .addColumn('agenda_hour', 'smallint', (c) =>
      c
        .notNull()
        .defaultTo(7)
        .check(sql`agenda_hour between 0 and 23`),
    )
    // The local day whose agenda went out last: at most one a day.
    .addColumn('agenda_sent_on', 'date')
    .addCheckConstraint(
      'notification_settings_quiet_pair',
      sql`(quiet_start is null) = (quiet_end is null)`,
    )
    .execute();

  await db.schema
    .createTable('push_subscriptions')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('endpoint', 'text', (c) => c.notNull().unique())
    .addColumn('p256dh', 'text', (c) => c.notNull())
    .addColumn('auth', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('push_subscriptions_user')
    .on('push_subscriptions')
    .column('user_id')
    .execute();

  await db.schema
    .createTable('deliveries')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('push', 'email')`))
    // What is told: a notification's id, or `agenda:<local date>`.
    .addColumn('source_id', 'text', (c) => c.notNull())
    // Where: a push subscription's id, or an email address.
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('held', 'pending', 'sent', 'gone', 'dead')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz')
    .addUniqueConstraint('deliveries_once', ['channel', 'source_id', 'target'])
    .execute();
  await sql`create index deliveries_due on deliveries (channel, next_attempt_at) where status in ('held', 'pending')`.execute(
    db,
  );
}
