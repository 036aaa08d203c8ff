// A bare program beside the event spine's latency goals: Ripple's chain, each step in no more round trips
// than Ripple takes, through postgres.js, with none of Ripple's code (no auth, validation, CloudEvents,
// Kysely, bus, batching, logging or metrics). A change commits with its outbox row in one statement and
// is answered; then, as the relay does, a transaction claims the row (locked, and held back while an
// older event of its task waits) with BEGIN in the same round trip, each consumer of the event applies
// it in its own transaction, and the claim marks it published with its COMMIT. The consumers are
// Ripple's: the audit log and the user's stream (each one statement, the event recorded with its
// effect) for every event, and after a completion the recurrence (the completed task locked with the
// event recorded and BEGIN; the successor inserted; its outbox row with COMMIT; then relayed in turn).
// The pool is Ripple's size, of which the relay's claims may hold as many as Ripple's flushes (4).
// The user is the request's (`x-bench-user`: this program checks no token), as Ripple's would be.
// BENCH_CHAIN=goal runs only the consumer a latency goal waits for (the audit log after a creation, the
// recurrence after a completion): less than the design asks.
import { randomUUID } from 'node:crypto';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import postgres from 'postgres';

const POOL = Number(process.env.DB_POOL_MAX ?? 10);
const CLAIMS = 4;
const options = { onnotice: () => {} };
const sql = postgres(process.env.DATABASE_URL, { ...options, max: POOL - CLAIMS });
const relaySql = postgres(process.env.DATABASE_URL, { ...options, max: CLAIMS });
const app = new Hono();

const inboxes = new Map();
const inboxOf = async (userId) => {
  if (!inboxes.has(userId))
    inboxes.set(
      userId,
      (await sql`select id from projects where owner_id = ${userId} and is_inbox`)[0].id,
    );
  return inboxes.get(userId);
};

/**
 * A transaction on one connection whose BEGIN goes with its first statement, as Ripple's driver sends
 * it; `work` sends its last write with the COMMIT (`finish`).
 */
async function transaction(pool, work) {
  const tx = await pool.reserve();
  try {
    tx`begin`.execute().catch(() => {});
    const finish = async (last) => (await Promise.all([last, tx`commit`]))[0];
    return await work(tx, finish);
  } catch (err) {
    await tx`rollback`.catch(() => {});
    throw err;
  } finally {
    tx.release();
  }
}

const outboxInsert = (type) => sql`
  insert into outbox (event_id, topic, partition_key, event_type, event)
  select ${randomUUID()}, 'bench-chain', t.id, ${type}, jsonb_build_object('type', ${type}::text, 'data', to_jsonb(t)) from t
  returning event_id`;

const recorded = (consumer, event) => sql`
  insert into processed_events (consumer, event_id, processed_at) values (${consumer}, ${event.event_id}, now())
  on conflict do nothing returning event_id`;

const audit = (event) =>
  sql`with fresh as (${recorded('bench-audit', event)})
    insert into audit_log (id, user_id, project_id, event_id, event_type, task_id, task, occurred_at, recorded_at)
    select ${randomUUID()}, ${event.task.user_id}, ${event.task.project_id}, event_id, ${event.type}, ${event.task.id}, ${sql.json(event.task)}, now(), now()
    from fresh`;

const stream = (event) =>
  sql`with fresh as (${recorded('bench-stream', event)})
    select ripple_stream_append_many(jsonb_build_array(jsonb_build_object(
      'ord', 1, 'user_id', ${event.task.user_id}::uuid, 'event_id', event_id, 'kind', 'task', 'data', ${sql.json(event.task)}::jsonb, 'at', now(), 'project_id', ${event.task.project_id}::uuid)))
    from fresh`;

const recur = (event) =>
  transaction(sql, async (tx, finish) => {
    const [task] = await tx`with fresh as (${recorded('bench-recurrence', event)})
      select t.* from tasks t, fresh where t.id = ${event.task.id} for update of t`;
    if (!task) return finish(undefined);
    const [next] =
      await tx`insert into tasks (id, user_id, project_id, title, due_at, recurrence, recurred_from, created_at, updated_at)
      values (${randomUUID()}, ${task.user_id}, ${task.project_id}, ${task.title}, ${task.due_at} + interval '1 day', ${task.recurrence}, ${task.id}, now(), now())
      returning *`;
    const [row] = await finish(
      tx`with t as (select * from tasks where id = ${next.id}) ${outboxInsert('created')}`,
    );
    return row.event_id;
  }).then((eventId) => eventId && relay(eventId));

const consumers =
  process.env.BENCH_CHAIN === 'goal'
    ? { created: [audit], completed: [recur] }
    : { created: [audit, stream], completed: [audit, stream, recur] };

// After the commit, on the next turn of the event loop: claim, apply, mark. A lost event would hang the
// bench's client, which waits for it (with a time limit): said loudly.
function relay(eventId) {
  setImmediate(() =>
    transaction(relaySql, async (tx, finish) => {
      const [row] = await tx`
        select o.event_id, o.event_type, o.event from outbox o
        where o.event_id = ${eventId} and o.published_at is null
          and not exists (select from outbox older where older.published_at is null and older.topic = o.topic
            and older.partition_key = o.partition_key and older.id < o.id)
        for update of o skip locked`;
      if (!row) return finish(undefined);
      const event = { event_id: row.event_id, type: row.event_type, task: row.event.data };
      await Promise.all(consumers[row.event_type].map((consume) => consume(event)));
      return finish(tx`update outbox set published_at = now() where event_id = ${eventId}`);
    }).catch((err) => console.error(`bare chain: event ${eventId} lost:`, err)),
  );
}

/** The change and its outbox row in one statement, answered, then relayed. */
async function change(c, type, changed) {
  const [row] = await sql`with t as (${changed}), o as (${outboxInsert(type)})
    select t.*, (select event_id from o) as event_id from t`;
  if (!row) return c.json({ error: 'not found' }, 404);
  relay(row.event_id);
  return c.json(row, type === 'created' ? 201 : 200);
}

app.get('/healthz', (c) => c.json({ status: 'alive' }));
app.post('/tasks', async (c) => {
  const body = await c.req.json();
  const userId = c.req.header('x-bench-user');
  return change(
    c,
    'created',
    sql`insert into tasks (id, user_id, project_id, title, due_at, recurrence, created_at, updated_at)
      values (${randomUUID()}, ${userId}, ${await inboxOf(userId)}, ${body.title}, ${body.due_at ?? null}, ${body.recurrence ? sql.json(body.recurrence) : null}, now(), now())
      returning *`,
  );
});
app.post('/tasks/:id/complete', (c) =>
  change(
    c,
    'completed',
    sql`update tasks set status = 'completed', completed_at = now(), updated_at = now(), version = version + 1
      where id = ${c.req.param('id')} and user_id = ${c.req.header('x-bench-user')} and status = 'pending' returning *`,
  ),
);

serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 8080), hostname: '127.0.0.1' });
