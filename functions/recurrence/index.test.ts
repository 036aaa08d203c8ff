import { describe, expect, it } from 'vitest';
import { client } from '../../test/support/client.js';
import { binaryEvent } from '../../test/support/events.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();

/**
 * A user in a time zone. The tests move the clock by weeks and months, past any token's lifetime:
 * `at(time)` moves it and signs in again.
 */
async function userIn(timezone: string) {
  const email = `rec-${Math.random().toString(36).slice(2)}@example.com`;
  const password = 'recurring pass';
  const res = await client(env.t.app).post('/api/auth/signup', { email, password, timezone });
  const session = { ...client(env.t.app, res.body.token), user: res.body.user };
  return Object.assign(session, {
    async at(time: string) {
      env.t.clock.set(time);
      const signin = await client(env.t.app).post('/api/auth/signin', { email, password });
      Object.assign(session, client(env.t.app, signin.body.token));
    },
  });
}
const pendingOf = async (user: Awaited<ReturnType<typeof userIn>>) =>
  (await user.get('/api/tasks?sort=due_at&order=asc')).body.items;

describe('recurrence', () => {
  it('gives a completed recurring task its next occurrence: same fields, tags and reminder offset, a new due date', async () => {
    const user = await userIn('Europe/Berlin');
    // Due Saturday 09:00 in Berlin, the day before summer time; reminded 30 minutes before.
    const task = (
      await user.post('/api/tasks', {
        title: 'Water the plants',
        description: 'The ferns too',
        priority: 'high',
        tags: ['home', 'garden'],
        due_at: '2026-03-28T09:00:00+01:00',
        remind_at: '2026-03-28T08:30:00+01:00',
        recurrence: { frequency: 'daily' },
      })
    ).body;
    await user.at('2026-03-28T10:00:00Z');
    expect((await user.post(`/api/tasks/${task.id}/complete`)).status).toBe(200);
    await env.t.settled();

    const [next, ...rest] = await pendingOf(user);
    expect(rest).toEqual([]);
    expect(next).toMatchObject({
      title: 'Water the plants',
      description: 'The ferns too',
      priority: 'high',
      status: 'pending',
      version: 1,
      recurrence: { frequency: 'daily', interval: 1, from: 'due' },
      // Sunday 09:00 in Berlin, now summer time: 07:00 UTC, reminded 30 minutes before.
      due_at: '2026-03-29T07:00:00.000Z',
      remind_at: '2026-03-29T06:30:00.000Z',
    });
    expect(next.tags.map((t: { name: string }) => t.name).sort()).toEqual(['garden', 'home']);
    expect(next.id).not.toBe(task.id);
    // It went through the outbox like any new task: its creation is in the audit log.
    expect((await user.get(`/api/audit?task_id=${next.id}`)).body.items).toMatchObject([
      { event_type: 'created' },
    ]);
  });

  it('spawns one successor however often the completion arrives or is toggled', async () => {
    const user = await userIn('UTC');
    await user.at('2026-03-01T09:00:00Z');
    const task = (
      await user.post('/api/tasks', {
        title: 'Once only',
        due_at: '2026-03-02T09:00:00Z',
        recurrence: { frequency: 'weekly' },
      })
    ).body;
    await user.post(`/api/tasks/${task.id}/complete`);
    await user.post(`/api/tasks/${task.id}/reopen`);
    await user.post(`/api/tasks/${task.id}/complete`);
    await env.t.settled();
    const completions = await env.db.db
      .selectFrom('outbox')
      .select('event')
      .where('partition_key', '=', task.id)
      .where('event_type', '=', 'dev.ripple.task.completed')
      .execute();
    expect(completions).toHaveLength(2);
    // And each completion delivered once more, as a redelivery would.
    for (const { event } of completions) {
      const { headers, body } = binaryEvent(event);
      const res = await env.t.app.request('/events/recurrence', { method: 'POST', headers, body });
      expect(((await res.json()) as { outcome: string }).outcome).toBe('duplicate');
    }
    const successors = await env.db.db
      .selectFrom('tasks')
      .select(['due_at'])
      .where('recurred_from', '=', task.id)
      .execute();
    expect(successors).toEqual([{ due_at: new Date('2026-03-09T09:00:00Z') }]);
  });

  it('ends a series whose next occurrence would fall after 9999: the completion is processed, nothing is spawned', async () => {
    const user = await userIn('UTC');
    const task = (
      await user.post('/api/tasks', {
        title: 'Last of its kind',
        due_at: '9999-06-01T09:00:00Z',
        recurrence: { frequency: 'yearly' },
      })
    ).body;
    await user.post(`/api/tasks/${task.id}/complete`);
    await env.t.settled();
    const completion = await env.db.db
      .selectFrom('outbox')
      .select('event_id')
      .where('partition_key', '=', task.id)
      .where('event_type', '=', 'dev.ripple.task.completed')
      .executeTakeFirstOrThrow();
    // Processed (not refused as a year-10000 row PostgreSQL cannot hold), and no successor.
    const processed = await env.db.db
      .selectFrom('processed_events')
      .select('consumer')
      .where('event_id', '=', completion.event_id)
      .execute();
    expect(processed.map((p) => p.consumer)).toContain('recurrence');
    expect(
      await env.db.db
        .selectFrom('tasks')
        .select('id')
        .where('recurred_from', '=', task.id)
        .execute(),
    ).toEqual([]);
    expect(await pendingOf(user)).toEqual([]);
  });

  it('leaves alone a completed task that does not recur', async () => {
    const user = await userIn('UTC');
    const task = (
      await user.post('/api/tasks', { title: 'Just once', due_at: '2026-03-02T09:00:00Z' })
    ).body;
    await user.post(`/api/tasks/${task.id}/complete`);
    await env.t.settled();
    expect(await pendingOf(user)).toEqual([]);
  });

  it('keeps a monthly series on the 31st: Jan 31, Feb 28, Mar 31', async () => {
    const user = await userIn('America/New_York');
    const first = (
      await user.post('/api/tasks', {
        title: 'Pay rent',
        due_at: '2027-01-31T09:00:00-05:00',
        recurrence: { frequency: 'monthly' },
      })
    ).body;
    await user.at('2027-01-31T15:00:00Z');
    await user.post(`/api/tasks/${first.id}/complete`);
    await env.t.settled();
    const [feb] = await pendingOf(user);
    expect(feb.due_at).toBe('2027-02-28T14:00:00.000Z');
    await user.at('2027-02-28T15:00:00Z');
    await user.post(`/api/tasks/${feb.id}/complete`);
    await env.t.settled();
    const [mar] = await pendingOf(user);
    // March 31, 09:00 New York daylight time.
    expect(mar.due_at).toBe('2027-03-31T13:00:00.000Z');
  });

  it('starts the series again from a new due date set by hand', async () => {
    const user = await userIn('UTC');
    await user.at('2026-05-01T08:00:00Z');
    const task = (
      await user.post('/api/tasks', {
        title: 'Moved',
        due_at: '2026-05-31T09:00:00Z',
        recurrence: { frequency: 'monthly' },
      })
    ).body;
    await user.patch(`/api/tasks/${task.id}`, { due_at: '2026-05-15T09:00:00Z' });
    await user.post(`/api/tasks/${task.id}/complete`);
    await env.t.settled();
    expect((await pendingOf(user))[0].due_at).toBe('2026-06-15T09:00:00.000Z');
  });
});
