import type { Hono } from 'hono';
import type { AppEnv } from '../../functions/_shared/http/env.js';
import { pingHeaders } from '../../functions/_shared/events/catalog.js';
import type { TestApp } from './test-app.js';
import { client } from './client.js';

let counter = 0;

/** Signs up a user in a time zone and answers a client acting as them. */
export async function userIn(app: Hono<AppEnv>, timezone = 'UTC') {
  const email = `channels${++counter}-${Date.now()}@example.com`;
  const res = await client(app).post('/api/auth/signup', { email, password: 'correct horse battery', timezone });
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...client(app, res.body.token as string), user: res.body.user as { id: string }, email };
}

type User = Awaited<ReturnType<typeof userIn>>;

/** Changes some of a user's notification preferences (GET, merge, PUT). */
export async function setPreferences(user: User, change: (prefs: any) => void): Promise<any> {
  const prefs = (await user.get('/api/notification-preferences')).body;
  change(prefs);
  const res = await user.send('PUT', '/api/notification-preferences', prefs);
  if (res.status !== 200) throw new Error(`preferences refused: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** One run of a schedule, as its PingSource (or timer) makes it; then every event it caused delivered. */
export async function tick(t: TestApp, name: 'reminder-scheduler' | 'agenda-scheduler'): Promise<any> {
  const res = await client(t.app).post(`/events/${name}`, undefined, pingHeaders(`tick-${++counter}`, '/test'));
  await t.settled();
  return res.body;
}

/** A task whose reminder comes at `at`, then the reminder scheduler run at that moment: its notification stored and sent on. */
export async function remind(t: TestApp, user: User, title: string, at: string) {
  const task = (await user.post('/api/tasks', { title, remind_at: at })).body;
  t.clock.set(at);
  await tick(t, 'reminder-scheduler');
  return task as { id: string; project_id: string };
}
