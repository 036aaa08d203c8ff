// The baseline: a bare Hono route doing the same two inserts as tasks-create (task row + outbox row)
// in one transaction through postgres.js, with no auth, validation, logging or metrics.
import { randomUUID } from 'node:crypto';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import postgres from 'postgres';

const sql = postgres(process.env.DATABASE_URL, {
  max: Number(process.env.DB_POOL_MAX ?? 10),
  onnotice: () => {},
});
const userId = process.env.BENCH_USER_ID;
// Every task is in a project: the user's Inbox, as tasks-create puts a task given none.
const [inbox] = await sql`select id from projects where owner_id = ${userId} and is_inbox`;
const app = new Hono();

app.get('/healthz', (c) => c.json({ status: 'alive' }));
app.post('/tasks', async (c) => {
  const body = await c.req.json();
  const id = randomUUID();
  const now = new Date();
  const task = await sql.begin(async (tx) => {
    const [row] =
      await tx`insert into tasks (id, user_id, project_id, title, priority, created_at, updated_at)
      values (${id}, ${userId}, ${inbox.id}, ${body.title}, ${body.priority ?? 'medium'}, ${now}, ${now}) returning *`;
    await tx`insert into outbox (event_id, topic, partition_key, event_type, event)
      values (${randomUUID()}, 'task-events', ${id}, 'bench.task.created', ${tx.json({ id, data: row })})`;
    return row;
  });
  return c.json(task, 201);
});

serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 8080), hostname: '127.0.0.1' });
