import { sql, type Kysely } from 'kysely';

// Frozen once landed, and forward-only. A batch of stream entries in one statement: each appended by
// ripple_stream_append (the user's stream locked, the entry once, a NOTIFY at commit), in the order
// given, which the caller makes user by user so that two batches never wait for each other's users.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function ripple_stream_append_many(p_entries jsonb)
    returns void language plpgsql as $$
    declare
      e record;
    begin
      for e in
        select * from jsonb_to_recordset(p_entries) as x(ord int, user_id uuid, event_id text, kind text, data jsonb, at timestamptz, project_id uuid)
        order by ord
      loop
        perform ripple_stream_append(e.user_id, e.event_id, e.kind, e.data, e.at, e.project_id);
      end loop;
    end $$`.execute(db);
}
