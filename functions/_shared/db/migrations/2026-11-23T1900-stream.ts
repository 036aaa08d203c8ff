import { sql, type Kysely } from 'kysely';

// Frozen once landed, and forward-only. The per-user log behind GET /api/stream: every change and
// notification an open tab should see, numbered (the SSE id), so a reconnecting tab replays what it
// missed. Rows older than the retention are pruned.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('user_stream')
    .addColumn('seq', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('event_id', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('user_stream_kind', sql`kind in ('task', 'notification')`)
    .execute();
  await sql`create index user_stream_user_seq on user_stream (user_id, seq)`.execute(db);
  await sql`create index user_stream_created on user_stream (created_at)`.execute(db);

  // Appends one entry and tells every listener, in one round trip. One user's entries are appended one
  // at a time (a transaction-scoped advisory lock), so their numbers follow commit order: a tab that
  // has seen entry n has seen every entry before it.
  await sql`
    create function ripple_stream_append(p_user uuid, p_event text, p_kind text, p_data jsonb, p_at timestamptz)
    returns void language plpgsql as $$
    begin
      perform pg_advisory_xact_lock(hashtextextended(p_user::text, 7));
      insert into user_stream (user_id, event_id, kind, data, created_at)
        values (p_user, p_event, p_kind, p_data, p_at)
        on conflict (event_id) do nothing;
      perform pg_notify('ripple_stream', p_user::text);
    end $$`.execute(db);
}
