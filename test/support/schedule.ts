import type { Hono } from 'hono';
import type { AppEnv } from '../../functions/_shared/http/env.js';
import { pingHeaders } from '../../functions/_shared/events/catalog.js';
import type { TestApp } from './test-app.js';
import { client } from './client.js';

let counter = 0;

/** Signs up a user in a time zone and answers a client acting as them. */
export async function userIn(app: Hono<AppEnv>, timezone = 'UTC') {
  const email = `zoned${++counter}-${Date.now()}@example.com`;
  const res = await client(app).post('/api/auth/signup', {
    email,
    password: 'correct horse battery',
    timezone,
  });
  if (res.status !== 201)
    throw new Error(`sign-up failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...client(app, res.body.token as string), user: res.body.user as { id: string }, email };
}

/** One run of a scheduled function, as its PingSource (or timer) makes it; then every event it caused delivered. */
export async function tick(
  t: TestApp,
  name: 'reminder-scheduler' | 'agenda-scheduler' | 'series-scheduler',
): Promise<any> {
  const res = await client(t.app).post(
    `/events/${name}`,
    undefined,
    pingHeaders(`tick-${++counter}`, '/test'),
  );
  if (res.status !== 200)
    throw new Error(`${name} answered ${res.status} ${JSON.stringify(res.body)}`);
  await t.settled();
  return res.body;
}

export interface SeriesTask {
  id: string;
  title: string;
  due_at: string;
  priority: string;
  tags: { name: string }[];
  remind_at: string | null;
  series_id: string;
  project_id: string;
}

/** The tasks a series made that `user` can see, in every state, earliest due first. */
export async function seriesTasks(
  user: Pick<ReturnType<typeof client>, 'get'>,
  seriesId: string,
): Promise<SeriesTask[]> {
  const res = await user.get('/api/tasks?status=all&sort=due_at&order=asc&limit=100');
  if (res.status !== 200) throw new Error(`task list answered ${res.status}`);
  return res.body.items.filter((t: SeriesTask) => t.series_id === seriesId);
}
