import type { TestApp } from './test-app.js';
import { tick, type userIn } from './schedule.js';

type User = Awaited<ReturnType<typeof userIn>>;

/** Changes some of a user's notification preferences (GET, merge, PUT). */
export async function setPreferences(user: User, change: (prefs: any) => void): Promise<any> {
  const prefs = (await user.get('/api/notification-preferences')).body;
  change(prefs);
  const res = await user.send('PUT', '/api/notification-preferences', prefs);
  if (res.status !== 200)
    throw new Error(`preferences refused: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A task whose reminder comes at `at`, then the reminder scheduler run at that moment: its notification stored and sent on. */
export async function remind(t: TestApp, user: User, title: string, at: string) {
  const task = (await user.post('/api/tasks', { title, remind_at: at })).body;
  t.clock.set(at);
  await tick(t, 'reminder-scheduler');
  return task as { id: string; project_id: string };
}
