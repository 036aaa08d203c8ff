import { sql, type Kysely } from 'kysely';

// Frozen once landed, and forward-only: a later change is a new migration file, never an edit or a down().

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text')
    .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('users_email_normalized', sql`email = lower(btrim(email))`)
    .execute();

  await db.schema
    .createTable('tasks')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('priority', 'text', (c) => c.notNull().defaultTo('medium'))
    .addColumn('due_at', 'timestamptz')
    .addColumn('remind_at', 'timestamptz')
    .addColumn('recurrence', 'jsonb')
    .addColumn('completed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('deleted_at', 'timestamptz')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint('tasks_title_length', sql`char_length(title) between 1 and 200`)
    .addCheckConstraint('tasks_description_length', sql`char_length(description) <= 10000`)
    .addCheckConstraint('tasks_status', sql`status in ('pending', 'completed')`)
    .addCheckConstraint('tasks_priority', sql`priority in ('low', 'medium', 'high', 'urgent')`)
    .addCheckConstraint(
      'tasks_completed_at',
      sql`(status = 'completed') = (completed_at is not null)`,
    )
    .addCheckConstraint(
      'tasks_remind_before_due',
      sql`remind_at is null or due_at is null or remind_at <= due_at`,
    )
    .addCheckConstraint('tasks_recurrence_needs_due', sql`recurrence is null or due_at is not null`)
    .addCheckConstraint('tasks_version_positive', sql`version >= 1`)
    .execute();
  await db.schema
    .createIndex('tasks_user_created')
    .on('tasks')
    .columns(['user_id', 'created_at desc', 'id desc'])
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('tags')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('color', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('tags_name_length', sql`char_length(name) between 1 and 50`)
    .addCheckConstraint('tags_color', sql`color ~ '^#[0-9a-f]{6}$'`)
    .execute();
  await sql`create unique index tags_user_name on tags (user_id, lower(name))`.execute(db);

  await db.schema
    .createTable('task_tags')
    .addColumn('task_id', 'uuid', (c) => c.notNull().references('tasks.id').onDelete('cascade'))
    .addColumn('tag_id', 'uuid', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('task_tags_pk', ['task_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('task_tags_tag').on('task_tags').column('tag_id').execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('event_id', 'uuid', (c) => c.notNull().unique())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('partition_key', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('event', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('published_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('outbox_unpublished')
    .on('outbox')
    .column('id')
    .where(sql.ref('published_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('signin_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_started_at', 'timestamptz', (c) => c.notNull())
    .execute();
}
