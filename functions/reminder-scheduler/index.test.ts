import { describe, expect, it } from 'vitest';
import { signedInClient } from '../../test/support/client.js';
import { tick as tickOnce } from '../../test/support/schedule.js';
import { useTestApp } from '../../test/support/test-app.js';
import { sendDueReminders } from '../_shared/reminders/reminders.js';

// These tests move the clock by hours and days; sessions are not their subject (auth-session's tests):
// tokens here last as long as the setting allows.
const env = useTestApp({ env: { JWT_TTL_SECONDS: String(30 * 24 * 3600) } });
/** One run of the scheduler, as its PingSource (or timer) makes it; then every event delivered. */
const tick = async (): Promise<number> => (await tickOnce(env.t, 'reminder-scheduler')).sent;
const at = (time: string) => env.t.clock.set(time);

describe('reminders', () => {
  it('come once, not before their time, as a notification the user can read', async () => {
    at('2026-03-01T09:00:00Z');
    const user = await signedInClient(env.t.app);
    const task = (
      await user.post('/api/tasks', {
        title: 'Call the plumber',
        due_at: '2026-03-01T10:00:00Z',
        remind_at: '2026-03-01T09:10:00Z',
      })
    ).body;
    expect(await tick()).toBe(0);
    at('2026-03-01T09:09:59.999Z');
    expect(await tick()).toBe(0);
    at('2026-03-01T09:10:00Z');
    expect(await tick()).toBe(1);
    expect(await tick()).toBe(0);
    at('2026-03-01T09:20:00Z');
    expect(await tick()).toBe(0);

    const unread = await user.get('/api/notifications?unread=true');
    expect(unread.body).toEqual([
      {
        id: expect.any(String),
        kind: 'reminder',
        task_id: task.id,
        project_id: task.project_id,
        actor_id: null,
        title: 'Call the plumber',
        created_at: '2026-03-01T09:10:00.000Z',
        read_at: null,
      },
    ]);
    const read = await user.post(`/api/notifications/${unread.body[0].id}/read`);
    expect(read.status).toBe(200);
    expect(read.body.read_at).toBe('2026-03-01T09:20:00.000Z');
    expect((await user.get('/api/notifications?unread=true')).body).toEqual([]);
    expect((await user.get('/api/notifications')).body).toHaveLength(1);
    // The task itself did not change for it.
    expect((await user.get(`/api/tasks/${task.id}`)).body).toEqual(task);
  });

  it('do not come for a task completed or deleted first', async () => {
    at('2026-03-02T09:00:00Z');
    const user = await signedInClient(env.t.app);
    const done = (
      await user.post('/api/tasks', { title: 'Done early', remind_at: '2026-03-02T09:10:00Z' })
    ).body;
    const gone = (
      await user.post('/api/tasks', { title: 'Deleted', remind_at: '2026-03-02T09:10:00Z' })
    ).body;
    await user.post(`/api/tasks/${done.id}/complete`);
    await user.delete(`/api/tasks/${gone.id}`);
    at('2026-03-02T09:30:00Z');
    expect(await tick()).toBe(0);
    expect((await user.get('/api/notifications')).body).toEqual([]);
  });

  it('come again when the reminder time is changed after one was sent', async () => {
    at('2026-03-03T09:00:00Z');
    const user = await signedInClient(env.t.app);
    const task = (
      await user.post('/api/tasks', { title: 'Snooze me', remind_at: '2026-03-03T09:05:00Z' })
    ).body;
    at('2026-03-03T09:05:00Z');
    expect(await tick()).toBe(1);
    await user.patch(`/api/tasks/${task.id}`, { remind_at: '2026-03-03T09:15:00Z' });
    expect(await tick()).toBe(0);
    at('2026-03-03T09:15:00Z');
    expect(await tick()).toBe(1);
    expect(
      (await user.get('/api/notifications')).body.map((n: { created_at: string }) => n.created_at),
    ).toEqual(['2026-03-03T09:15:00.000Z', '2026-03-03T09:05:00.000Z']);
  });

  it('do not come again when an edit writes back the reminded time, cut to the minute, or moves only the due date', async () => {
    at('2026-03-07T09:00:00Z');
    const user = await signedInClient(env.t.app);
    const task = (
      await user.post('/api/tasks', {
        title: 'Reminded once',
        due_at: '2026-03-07T12:00:00Z',
        remind_at: '2026-03-07T09:10:30.500Z',
      })
    ).body;
    at('2026-03-07T09:11:00Z');
    expect(await tick()).toBe(1);
    at('2026-03-07T09:20:00Z');
    // What the UI's form saves on a rename: every field it shows, the times to the minute.
    const renamed = await user.patch(`/api/tasks/${task.id}`, {
      title: 'Reminded once, renamed',
      due_at: '2026-03-07T12:00:00Z',
      remind_at: '2026-03-07T09:10:00Z',
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.remind_at).toBe('2026-03-07T09:10:00.000Z');
    expect(await tick()).toBe(0);
    await user.patch(`/api/tasks/${task.id}`, { remind_at: '2026-03-07T09:10:00Z' });
    await user.patch(`/api/tasks/${task.id}`, {
      due_at: '2026-03-07T15:00:00Z',
      remind_at: '2026-03-07T09:10:59Z',
    });
    await user.patch(`/api/tasks/${task.id}`, { due_at: '2026-03-07T16:00:00Z' });
    expect(await tick()).toBe(0);
    expect((await user.get('/api/notifications')).body).toHaveLength(1);
    // Another minute is a new reminder, even one already past: it comes at once, once.
    await user.patch(`/api/tasks/${task.id}`, { remind_at: '2026-03-07T09:12:00Z' });
    expect(await tick()).toBe(1);
    expect(await tick()).toBe(0);
    expect((await user.get('/api/notifications')).body).toHaveLength(2);
  });

  it('missed while nothing ran (a restart) come once on the next run', async () => {
    at('2026-03-04T09:00:00Z');
    const user = await signedInClient(env.t.app);
    await user.post('/api/tasks', { title: 'Late but there', remind_at: '2026-03-04T09:01:00Z' });
    at('2026-03-04T11:00:00Z');
    expect(await tick()).toBe(1);
    expect(await tick()).toBe(0);
    expect((await user.get('/api/notifications')).body).toMatchObject([
      { title: 'Late but there' },
    ]);
  });

  it('are sent once by two schedulers running at the same moment', async () => {
    at('2026-03-05T09:00:00Z');
    const user = await signedInClient(env.t.app);
    for (let i = 0; i < 20; i++)
      await user.post('/api/tasks', { title: `Together ${i}`, remind_at: '2026-03-05T09:01:00Z' });
    at('2026-03-05T09:02:00Z');
    const sent = await Promise.all([
      sendDueReminders(env.t.deps, 5),
      sendDueReminders(env.t.deps, 5),
      sendDueReminders(env.t.deps),
      sendDueReminders(env.t.deps),
    ]);
    expect(sent.reduce((a, b) => a + b, 0)).toBe(20);
    await env.t.settled();
    expect((await user.get('/api/notifications')).body).toHaveLength(20);
  });

  it("keep one user's notifications from another", async () => {
    at('2026-03-06T09:00:00Z');
    const owner = await signedInClient(env.t.app);
    const stranger = await signedInClient(env.t.app);
    await owner.post('/api/tasks', { title: 'Mine', remind_at: '2026-03-06T09:00:00Z' });
    await tick();
    const [mine] = (await owner.get('/api/notifications')).body;
    expect((await stranger.get('/api/notifications')).body).toEqual([]);
    expect((await stranger.post(`/api/notifications/${mine.id}/read`)).status).toBe(404);
    expect((await stranger.post('/api/notifications/not-an-id/read')).status).toBe(400);
    expect((await owner.get('/api/notifications?unread=maybe')).status).toBe(400);
  });
});
