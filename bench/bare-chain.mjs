// The floor under the event spine's latency goals: the same chain as Ripple's, each step in the fewest
// round trips the design allows, through postgres.js, with none of Ripple's code (no auth, validation,
// CloudEvents, Kysely, bus or logging). A change commits with its outbox row and is answered; then, as
// the relay does, one transaction claims the row (locked, so no other publisher takes it), each consumer
// of the event applies it in its own transaction, and the claim marks it published. The consumers are
// Ripple's: the audit log and the user's stream (each one statement, the event recorded with its
// effect) for every event, and for a completion the recurrence (the completed task locked with the
// event recorded, then the successor inserted with its outbox row, which is relayed in turn).
// BENCH_CHAIN=goal runs only the consumer a latency goal waits for (the audit log after a creation, the
// recurrence after a completion): less than the design asks, the lowest figure for the chain.
import { randomUUID } from 'node:crypto';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import postgres from 'postgres';

const sql = postgres(process.env.DATABASE_URL, {
  max: Number(process.env.DB_POOL_MAX ?? 10),
  onnotice: () => {},
});
// The relay's claims hold their connection while the consumers apply the event: a pool of their own,
// so that claims waiting on consumers never take every connection the consumers need.
const relaySql = postgres(process.env.DATABASE_URL, {
  max: Number(process.env.DB_POOL_MAX ?? 10),
  onnotice: () => {},
});
const userId = process.env.BENCH_USER_ID;
const [inbox] = await sql`select id from projects where owner_id = ${userId} and is_inbox`;
const app = new Hono();

const outboxRow = (tx, type, task) =>
  tx`insert into outbox (event_id, topic, partition_key, event_type, event)
    values (${randomUUID()}, 'bench-chain', ${task.id}, ${type}, ${tx.json({ type, data: task })})
    returning event_id`;

const audit = (event) =>
  sql`with fresh as (
      insert into processed_events (consumer, event_id, processed_at) values ('bench-audit', ${event.event_id}, now())
      on conflict do nothing returning event_id)
    insert into audit_log (id, user_id, project_id, event_id, event_type, task_id, task, occurred_at, recorded_at)
    select ${randomUUID()}, ${userId}, ${inbox.id}, event_id, ${event.type}, ${event.task.id}, ${sql.json(event.task)}, now(), now()
    from fresh`;

const stream = (event) =>
  sql`with fresh as (
      insert into processed_events (consumer, event_id, processed_at) values ('bench-stream', ${event.event_id}, now())
      on conflict do nothing returning event_id)
    select ripple_stream_append_many(jsonb_build_array(jsonb_build_object(
      'ord', 1, 'user_id', ${userId}::uuid, 'event_id', event_id, 'kind', 'task', 'data', ${sql.json(event.task)}::jsonb, 'at', now(), 'project_id', ${inbox.id}::uuid)))
    from fresh`;

const recur = (event) =>
  sql
    .begin(async (tx) => {
      const [task] = await tx`with fresh as (
        insert into processed_events (consumer, event_id, processed_at) values ('bench-recurrence', ${event.event_id}, now())
        on conflict do nothing returning event_id)
      select t.* from tasks t, fresh where t.id = ${event.task.id} for update of t`;
      if (!task) return;
      const [next] =
        await tx`insert into tasks (id, user_id, project_id, title, due_at, recurrence, recurred_from, created_at, updated_at)
      values (${randomUUID()}, ${userId}, ${inbox.id}, ${task.title}, ${task.due_at} + interval '1 day', ${task.recurrence}, ${task.id}, now(), now())
      returning *`;
      return (await outboxRow(tx, 'created', next))[0].event_id;
    })
    .then((eventId) => eventId && relay(eventId));

const consumers =
  process.env.BENCH_CHAIN === 'goal'
    ? { created: [audit], completed: [recur] }
    : { created: [audit, stream], completed: [audit, stream, recur] };

// After the commit, on the next turn of the event loop (as the relay batches): claim, apply, mark.
function relay(eventId) {
  setImmediate(() =>
    relaySql
      .begin(async (tx) => {
        const [row] =
          await tx`select event_id, event_type, event from outbox where event_id = ${eventId} and published_at is null for update skip locked`;
        if (!row) return;
        const event = { event_id: row.event_id, type: row.event_type, task: row.event.data };
        await Promise.all(consumers[row.event_type].map((consume) => consume(event)));
        await tx`update outbox set published_at = now() where event_id = ${eventId}`;
      })
      .catch((err) => console.error(err)),
  );
}

async function change(c, status, write) {
  const [task, event] = await sql.begin(async (tx) => {
    const [row] = await write(tx);
    if (!row) return [];
    const [e] = await outboxRow(tx, status, row);
    return [row, e];
  });
  if (!task) return c.json({ error: 'not found' }, 404);
  relay(event.event_id);
  return c.json(task, status === 'created' ? 201 : 200);
}

app.get('/healthz', (c) => c.json({ status: 'alive' }));
app.post('/tasks', async (c) => {
  const body = await c.req.json();
  return change(
    c,
    'created',
    (
      tx,
    ) => tx`insert into tasks (id, user_id, project_id, title, due_at, recurrence, created_at, updated_at)
      values (${randomUUID()}, ${userId}, ${inbox.id}, ${body.title}, ${body.due_at ?? null}, ${body.recurrence ? tx.json(body.recurrence) : null}, now(), now())
      returning *`,
  );
});
app.post('/tasks/:id/complete', (c) =>
  change(
    c,
    'completed',
    (
      tx,
    ) => tx`update tasks set status = 'completed', completed_at = now(), updated_at = now(), version = version + 1
      where id = ${c.req.param('id')} and status = 'pending' returning *`,
  ),
);

serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 8080), hostname: '127.0.0.1' });
