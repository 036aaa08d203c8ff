import { expect, it } from 'vitest';
import { client, signedInClient } from '../../test/support/client.js';
import { newProject } from '../../test/support/projects.js';
import { share } from '../../test/support/sharing.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();

it('counts Today, Upcoming, overdue, assigned and tags in the user’s time zone, over open tasks of the projects they read', async () => {
  // 09:00 UTC on 1 March is 22:00 in Auckland (UTC+13): "today" there ends at 11:00 UTC, and the 14 days
  // of Upcoming (1 to 14 March there) at 11:00 UTC on the 14th.
  env.t.clock.set('2026-03-01T09:00:00Z');
  const me = await signedInClient(env.t.app);
  expect((await me.patch('/api/me', { timezone: 'Pacific/Auckland' })).status).toBe(200);
  const task = async (title: string, due: string | null, extra: Record<string, unknown> = {}) =>
    (await me.post('/api/tasks', { title, due_at: due, ...extra })).body as { id: string };
  await task('last week', '2026-02-20T08:00:00Z', { tags: ['Home'] });
  await task('tonight', '2026-03-01T10:30:00Z', { tags: ['home', 'Work'] });
  await task('tomorrow there, today in UTC', '2026-03-01T11:30:00Z');
  await task('last of the 14 days', '2026-03-14T10:59:00Z');
  await task('past the 14 days', '2026-03-14T11:00:00Z');
  await task('no date', null);
  const done = await task('done yesterday', '2026-02-28T12:00:00Z', { tags: ['Home'] });
  await me.post(`/api/tasks/${done.id}/complete`);
  const gone = await task('deleted today', '2026-03-01T10:00:00Z');
  await me.delete(`/api/tasks/${gone.id}`);
  const mine = await task('assigned to me', null);
  await me.patch(`/api/tasks/${mine.id}`, { assignee_id: me.user.id });

  const res = await me.get('/api/views');
  expect(res.status).toBe(200);
  expect(res.body).toEqual({
    time_zone: 'Pacific/Auckland',
    today_start: '2026-02-28T11:00:00.000Z',
    tomorrow_start: '2026-03-01T11:00:00.000Z',
    upcoming_end: '2026-03-14T11:00:00.000Z',
    counts: { today: 2, upcoming: 4, overdue: 1, assigned: 1 },
    tags: { home: 2, work: 1 },
  });
  // The Today view's own query shows exactly what was counted.
  const today = await me.get(
    `/api/tasks?due_to=${encodeURIComponent('2026-03-01T10:59:59.999Z')}&sort=due_at&order=asc`,
  );
  expect(today.body.items.map((t: { title: string }) => t.title)).toEqual(['last week', 'tonight']);

  // Another user sees none of it, until a project with a task due today is shared with them.
  const other = await signedInClient(env.t.app);
  expect((await other.get('/api/views')).body.counts).toEqual({
    today: 0,
    upcoming: 0,
    overdue: 0,
    assigned: 0,
  });
  const garden = await newProject(me, 'Garden');
  await me.post('/api/tasks', {
    title: 'water',
    due_at: '2026-03-01T10:00:00Z',
    project_id: garden.id,
    tags: ['Home'],
  });
  await share(me, garden.id, other, 'viewer');
  const theirs = (await other.get('/api/views')).body;
  expect(theirs.counts).toEqual({ today: 1, upcoming: 1, overdue: 0, assigned: 0 });
  // Counted in their own zone (UTC): 10:00 is still today, as is the start of their day.
  expect(theirs).toMatchObject({
    time_zone: 'UTC',
    today_start: '2026-03-01T00:00:00.000Z',
    tags: { home: 1 },
  });
});

it('answers only a signed-in caller', async () => {
  expect((await client(env.t.app).get('/api/views')).status).toBe(401);
});
