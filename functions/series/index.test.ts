import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { signedInClient } from '../../test/support/client.js';
import { addMemberDirectly, newProject } from '../../test/support/projects.js';
import {
  seriesTasks as tasksOf,
  tick as tickOnce,
  userIn as signUpIn,
} from '../../test/support/schedule.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp({ env: { JWT_TTL_SECONDS: String(30 * 24 * 3600) } });
const at = (time: string) => env.t.clock.set(time);
const tick = async (): Promise<number> => (await tickOnce(env.t, 'series-scheduler')).created;
const userIn = (timezone?: string) => signUpIn(env.t.app, timezone);

describe('series on schedule', () => {
  afterEach(async () => {
    await env.db.db.updateTable('series').set({ status: 'ended' }).execute();
  });

  it('belong to a project: members see them and their tasks, a viewer cannot change them, a stranger is told nothing', async () => {
    at('2026-03-01T00:00:00Z');
    const [owner, viewer, stranger] = [
      await signedInClient(env.t.app),
      await signedInClient(env.t.app),
      await signedInClient(env.t.app),
    ];
    const project = (await newProject(owner, 'Household')).id;
    await addMemberDirectly(env.db, project, viewer, 'viewer');
    const s = (
      await owner.post('/api/series', {
        project_id: project,
        title: 'Take out the bins',
        rrule: 'FREQ=WEEKLY;BYDAY=TU',
        start: '2026-03-03T19:00:00Z',
      })
    ).body;
    expect(s).toMatchObject({
      project_id: project,
      created_by: owner.user.id,
      status: 'active',
      next_due_at: '2026-03-03T19:00:00.000Z',
      next_create_at: '2026-03-03T00:00:00.000Z',
    });
    expect((await viewer.get(`/api/series/${s.id}`)).body.id).toBe(s.id);
    expect(
      (await viewer.get(`/api/series?project_id=${project}`)).body.map((x: { id: string }) => x.id),
    ).toEqual([s.id]);
    expect((await viewer.patch(`/api/series/${s.id}`, { title: 'Mine now' })).status).toBe(403);
    expect((await viewer.post(`/api/series/${s.id}/pause`)).status).toBe(403);
    expect(
      (
        await viewer.post('/api/series', {
          project_id: project,
          title: 'No',
          rrule: 'FREQ=DAILY',
          start: '2026-03-03T19:00:00Z',
        })
      ).status,
    ).toBe(403);
    expect((await stranger.get(`/api/series/${s.id}`)).status).toBe(404);
    expect((await stranger.patch(`/api/series/${s.id}`, { title: 'Mine now' })).status).toBe(404);
    expect((await stranger.delete(`/api/series/${s.id}?instances=delete`)).status).toBe(404);
    expect((await stranger.get('/api/series')).body).toEqual([]);
    at('2026-03-03T00:00:00Z');
    expect(await tick()).toBe(1);
    const [task] = await tasksOf(viewer, s.id);
    expect(task).toMatchObject({
      title: 'Take out the bins',
      project_id: project,
      due_at: '2026-03-03T19:00:00.000Z',
    });
    expect(await tasksOf(stranger, s.id)).toEqual([]);
  });

  it('"this and following" makes a new series from that occurrence on; the ones before keep the old', async () => {
    at('2026-04-01T00:00:00Z');
    const user = await userIn('Europe/Berlin');
    // Created three days ahead: Apr 2 to 5 exist at once.
    const old = (
      await user.post('/api/series', {
        title: 'Water the plants',
        rrule: 'FREQ=DAILY',
        start: '2026-04-02T08:00:00+02:00',
        lead_minutes: 3 * 24 * 60 + 120,
        tags: ['home'],
      })
    ).body;
    at('2026-04-02T05:00:00Z');
    expect(await tick()).toBe(4);
    const res = await user.patch(`/api/series/${old.id}`, {
      scope: 'following',
      from: '2026-04-04T08:00:00+02:00',
      title: 'Water the plants and the herbs',
      rrule: 'FREQ=DAILY;INTERVAL=2',
    });
    expect(res.status).toBe(200);
    const following = res.body;
    expect(following).toMatchObject({
      split_from: old.id,
      title: 'Water the plants and the herbs',
      rrule: 'FREQ=DAILY;INTERVAL=2',
      start: '2026-04-04T06:00:00.000Z',
      next_due_at: '2026-04-06T06:00:00.000Z',
    });
    expect((await user.get(`/api/series/${old.id}`)).body).toMatchObject({
      status: 'ended',
      next_due_at: null,
      rrule: 'FREQ=DAILY;UNTIL=20260404T055959Z',
    });
    expect((await tasksOf(user, old.id)).map((t) => [t.due_at.slice(0, 10), t.title])).toEqual([
      ['2026-04-02', 'Water the plants'],
      ['2026-04-03', 'Water the plants'],
    ]);
    expect(
      (await tasksOf(user, following.id)).map((t) => [t.due_at.slice(0, 10), t.title]),
    ).toEqual([
      ['2026-04-04', 'Water the plants and the herbs'],
      ['2026-04-05', 'Water the plants and the herbs'],
    ]);
    at('2026-04-10T00:00:00Z');
    expect(await tick()).toBe(4);
    expect((await tasksOf(user, following.id)).map((t) => t.due_at.slice(0, 10))).toEqual([
      '2026-04-04',
      '2026-04-05',
      '2026-04-06',
      '2026-04-08',
      '2026-04-10',
      '2026-04-12',
    ]);
    expect(await tasksOf(user, old.id)).toHaveLength(2);
  });

  it('changes as a whole only what it has not created yet, and answers 412 to a stale If-Match', async () => {
    at('2026-05-01T00:00:00Z');
    const user = await userIn();
    const s = (
      await user.post('/api/series', {
        title: 'Report',
        rrule: 'FREQ=DAILY',
        start: '2026-05-01T09:00:00Z',
      })
    ).body;
    expect(await tick()).toBe(1);
    expect(
      (await user.patch(`/api/series/${s.id}`, { title: 'Stale' }, { 'if-match': '"7"' })).status,
    ).toBe(412);
    const changed = (
      await user.patch(
        `/api/series/${s.id}`,
        { title: 'Daily report', priority: 'high' },
        { 'if-match': `"${s.version}"` },
      )
    ).body;
    expect(changed).toMatchObject({
      title: 'Daily report',
      priority: 'high',
      version: s.version + 1,
    });
    at('2026-05-02T00:00:00Z');
    expect(await tick()).toBe(1);
    expect((await tasksOf(user, s.id)).map((t) => t.title)).toEqual(['Report', 'Daily report']);
  });

  it('deletes a series with its tasks kept or removed, as asked', async () => {
    at('2026-06-01T00:00:00Z');
    const user = await userIn();
    const keep = (
      await user.post('/api/series', {
        title: 'Keep mine',
        rrule: 'FREQ=DAILY',
        start: '2026-06-01T09:00:00Z',
      })
    ).body;
    const drop = (
      await user.post('/api/series', {
        title: 'Drop mine',
        rrule: 'FREQ=DAILY',
        start: '2026-06-01T09:00:00Z',
      })
    ).body;
    expect(await tick()).toBe(2);
    expect((await user.delete(`/api/series/${keep.id}`)).status).toBe(400);
    expect((await user.delete(`/api/series/${keep.id}?instances=keep`)).status).toBe(204);
    expect((await user.delete(`/api/series/${drop.id}?instances=delete`)).status).toBe(204);
    expect((await user.get(`/api/series/${keep.id}`)).status).toBe(404);
    expect(await tasksOf(user, keep.id)).toHaveLength(1);
    expect(await tasksOf(user, drop.id)).toEqual([]);
    const [gone] = (await user.get('/api/tasks?status=all&limit=100')).body.items.filter(
      (t: { title: string }) => t.title === 'Drop mine',
    );
    expect(gone).toBeUndefined();
    at('2026-06-02T00:00:00Z');
    expect(await tick()).toBe(0);
  });

  it('refuses what it cannot keep with a 400 naming the field, and creates nothing', async () => {
    const user = await userIn();
    const bad: [Record<string, unknown>, string][] = [
      [{ rrule: 'FREQ=MINUTELY' }, 'rrule'],
      [{ rrule: 'FREQ=DAILY;COUNT=1', start: '2020-01-01T09:00:00Z' }, 'rrule'],
      [{ lead_minutes: -5 }, 'lead_minutes'],
      [{ catch_up: 'some' }, 'catch_up'],
      [{ catch_up_cap: 0 }, 'catch_up_cap'],
      [{ title: '' }, 'title'],
      [{ project_id: randomUUID() }, ''],
    ];
    for (const [change, path] of bad) {
      const res = await user.post('/api/series', {
        title: 'Bad',
        rrule: 'FREQ=DAILY',
        start: '2026-07-01T09:00:00Z',
        ...change,
      });
      if (path) {
        expect(res.status, JSON.stringify(change)).toBe(400);
        expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
      } else expect(res.status).toBe(404);
    }
    expect((await user.get('/api/series')).body).toEqual([]);
    expect(
      (await user.patch(`/api/series/${randomUUID()}`, { scope: 'following', title: 'x' })).status,
    ).toBe(400);
  });
});
