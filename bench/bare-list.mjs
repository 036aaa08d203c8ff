// The baseline for listing: a bare Hono route running one indexed SELECT ... LIMIT 50 of a project's
// pending tasks, newest first, through postgres.js: no auth, access rule, validation, tags, logging or metrics.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import postgres from 'postgres';

const sql = postgres(process.env.DATABASE_URL, {
  max: Number(process.env.DB_POOL_MAX ?? 10),
  onnotice: () => {},
});
const app = new Hono();

app.get('/healthz', (c) => c.json({ status: 'alive' }));
app.get('/tasks', async (c) => {
  const rows =
    await sql`select * from tasks where project_id = ${c.req.query('project')} and deleted_at is null and status = 'pending'
    order by created_at desc, id desc limit 50`;
  return c.json({ items: rows });
});

serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 8080), hostname: '127.0.0.1' });
