import { afterEach, describe, expect, it } from 'vitest';
import { client } from '../../test/support/client.js';
import {
  seriesTasks as tasksOf,
  tick as tickOnce,
  userIn as signUpIn,
} from '../../test/support/schedule.js';
import { useTestApp } from '../../test/support/test-app.js';
import { pingHeaders } from '../_shared/events/catalog.js';
import { runSeriesScheduler } from '../_shared/series/generate.js';

// "This one" for occurrences not created yet: an override the scheduler applies when it creates them.
const env = useTestApp({ env: { JWT_TTL_SECONDS: String(30 * 24 * 3600) } });
const at = (time: string) => env.t.clock.set(time);
/** One run of the scheduler, as its PingSource (or timer) makes it; then every event delivered. */
const tick = async (): Promise<number> => (await tickOnce(env.t, 'series-scheduler')).created;
const userIn = (timezone?: string) => signUpIn(env.t.app, timezone);
const ping = pingHeaders('tick', '/test');
type User = Awaited<ReturnType<typeof userIn>>;
const occurrence = (id: string, due: string) =>
  `/api/series/${id}/occurrences/${encodeURIComponent(due)}`;
const preview = async (user: User, id: string, count = 4) =>
  (await user.get(`/api/recurrence/preview?series_id=${id}&count=${count}`)).body;

describe('"this one" for an occurrence not created yet', () => {
  // Each test counts what its own series make (the clock only moves on).
  afterEach(async () => {
    await env.db.db.updateTable('series').set({ status: 'ended' }).execute();
  });

  it('an edited occurrence is created once, with its edit; a skipped one not at all; the preview says which', async () => {
    at('2026-10-10T00:00:00Z');
    const user = await userIn('Europe/Berlin');
    // Fridays, 17:00 in Berlin (across the end of summer time on Oct 25), created at the start of their day, reminded an hour before.
    const s = (
      await user.post('/api/series', {
        title: 'Timesheet',
        rrule: 'FREQ=WEEKLY;BYDAY=FR',
        start: '2026-10-16T17:00:00+02:00',
        remind_minutes: 60,
        tags: ['work'],
      })
    ).body;
    const [oct16, oct23, oct30, nov6] = [
      '2026-10-16T15:00:00.000Z',
      '2026-10-23T15:00:00.000Z',
      '2026-10-30T16:00:00.000Z',
      '2026-11-06T16:00:00.000Z',
    ];
    const edited = await user.put(occurrence(s.id, oct23), {
      title: 'Timesheet and expenses',
      priority: 'high',
      tags: ['work', 'money'],
      due_at: '2026-10-22T10:00:00+02:00',
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toEqual({
      at: oct23,
      local: '2026-10-23T17:00:00+02:00',
      state: 'edited',
      changes: {
        title: 'Timesheet and expenses',
        priority: 'high',
        tags: ['work', 'money'],
        due_at: '2026-10-22T08:00:00.000Z',
      },
    });
    expect((await user.put(occurrence(s.id, oct30), { skip: true })).body).toMatchObject({
      at: oct30,
      state: 'skipped',
    });
    expect(
      (await preview(user, s.id)).occurrences.map((o: { at: string; state: string }) => [
        o.at,
        o.state,
      ]),
    ).toEqual([
      [oct16, 'planned'],
      [oct23, 'edited'],
      [oct30, 'skipped'],
      [nov6, 'planned'],
    ]);

    // Refused, and nothing changed: a date the rule does not give, a skip with changes, nothing to change.
    const bad = [
      await user.put(occurrence(s.id, '2026-10-20T15:00:00Z'), { title: 'x' }),
      await user.put(occurrence(s.id, nov6), { skip: true, title: 'x' }),
      await user.put(occurrence(s.id, nov6), {}),
      await user.put(occurrence(s.id, 'soon'), { title: 'x' }),
    ];
    expect(bad.map((r) => [r.status, r.body.errors?.[0]?.path])).toEqual([
      [400, 'path.due'],
      [400, 'skip'],
      [400, 'skip'],
      [400, 'path.due'],
    ]);
    expect((await user.delete(occurrence(s.id, nov6))).status).toBe(404);

    // The scheduler runs past all four (and an edit of the one it made is then its task's: 409).
    at('2026-11-06T00:00:00Z');
    expect(await tick()).toBe(3);
    expect(await tick()).toBe(0);
    const tasks = await tasksOf(user, s.id);
    expect(
      tasks.map((t) => [
        t.due_at,
        t.title,
        t.priority,
        t.tags.map((g) => g.name).sort(),
        t.remind_at,
      ]),
    ).toEqual([
      [oct16, 'Timesheet', 'medium', ['work'], '2026-10-16T14:00:00.000Z'],
      [
        '2026-10-22T08:00:00.000Z',
        'Timesheet and expenses',
        'high',
        ['money', 'work'],
        '2026-10-22T07:00:00.000Z',
      ],
      [nov6, 'Timesheet', 'medium', ['work'], '2026-11-06T15:00:00.000Z'],
    ]);
    for (const task of tasks)
      expect(
        (await user.get(`/api/audit?task_id=${task.id}`)).body.items.map(
          (a: { event_type: string }) => a.event_type,
        ),
      ).toEqual(['created']);
    const late = await user.put(occurrence(s.id, nov6), { title: 'Too late' });
    expect(late.status).toBe(409);
    expect(late.body.detail).toContain(tasks[2]!.id);
    expect(await tick()).toBe(0);
    expect((await user.get(`/api/series/${s.id}`)).body).toMatchObject({
      generated: 3,
      next_due_at: '2026-11-13T16:00:00.000Z',
    });
    expect(
      (await preview(user, s.id, 2)).occurrences.map((o: { state: string; task_id?: string }) => [
        o.state,
        o.task_id,
      ]),
    ).toEqual([
      ['created', tasks[2]!.id],
      ['planned', undefined],
    ]);
  });

  it('undoing an edit creates the occurrence as the series has it; a stranger is told nothing', async () => {
    at('2027-03-01T00:00:00Z');
    const user = await userIn('UTC');
    const stranger = await userIn('UTC');
    const s = (
      await user.post('/api/series', {
        title: 'Daily',
        rrule: 'FREQ=DAILY',
        start: '2027-03-02T09:00:00Z',
      })
    ).body;
    const due = '2027-03-03T09:00:00.000Z';
    expect((await stranger.put(occurrence(s.id, due), { title: 'Mine' })).status).toBe(404);
    expect((await user.put(occurrence(s.id, due), { title: 'Special' })).body.state).toBe('edited');
    expect((await user.delete(occurrence(s.id, due))).body).toMatchObject({
      at: due,
      state: 'planned',
    });
    at('2027-03-03T00:00:00Z');
    expect(await tick()).toBe(2);
    expect((await tasksOf(user, s.id)).map((t) => t.title)).toEqual(['Daily', 'Daily']);
  });

  it('two schedulers and redelivered pings racing over edited and skipped occurrences: each edited one once, with its edit', async () => {
    at('2027-04-01T00:00:00Z');
    const user = await userIn('Asia/Kolkata');
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const id = (
        await user.post('/api/series', {
          title: `Race ${i}`,
          rrule: 'FREQ=DAILY',
          start: '2027-04-02T09:00:00+05:30',
          lead_minutes: 0,
        })
      ).body.id as string;
      ids.push(id);
      expect(
        (await user.put(occurrence(id, '2027-04-04T03:30:00Z'), { title: `Edited ${i}` })).status,
      ).toBe(200);
      expect((await user.put(occurrence(id, '2027-04-05T03:30:00Z'), { skip: true })).status).toBe(
        200,
      );
    }
    at('2027-04-07T04:00:00Z');
    const runs = await Promise.all([
      runSeriesScheduler(env.t.deps, { series: 2, chunk: 1 }),
      runSeriesScheduler(env.t.deps, { series: 3, chunk: 2 }),
      client(env.t.app)
        .post('/events/series-scheduler', undefined, ping)
        .then((r) => r.body.created as number),
      client(env.t.app)
        .post('/events/series-scheduler', undefined, ping)
        .then((r) => r.body.created as number),
    ]);
    await env.t.settled();
    // Dec 2 to 7, less the skipped Dec 5: five each.
    expect(runs.reduce((a, b) => a + b, 0)).toBe(8 * 5);
    for (const [i, id] of ids.entries()) {
      const tasks = await tasksOf(user, id);
      expect(tasks.map((t) => [t.due_at.slice(0, 10), t.title])).toEqual([
        ['2027-04-02', `Race ${i}`],
        ['2027-04-03', `Race ${i}`],
        ['2027-04-04', `Edited ${i}`],
        ['2027-04-06', `Race ${i}`],
        ['2027-04-07', `Race ${i}`],
      ]);
    }
    const events = await env.db.db
      .selectFrom('outbox')
      .select('partition_key')
      .where('event_type', '=', 'dev.ripple.task.created')
      .where(
        'partition_key',
        'in',
        (await Promise.all(ids.map((id) => tasksOf(user, id)))).flat().map((t) => t.id),
      )
      .execute();
    expect(events).toHaveLength(8 * 5);
  });

  it('an edit racing the scheduler over its occurrence either lands first and is created with it, or finds the task (409) and changes nothing', async () => {
    at('2027-05-01T00:00:00Z');
    const user = await userIn('UTC');
    const ids: string[] = [];
    for (let i = 0; i < 6; i++)
      ids.push(
        (
          await user.post('/api/series', {
            title: `Close ${i}`,
            rrule: 'FREQ=DAILY',
            start: '2027-05-02T09:00:00Z',
            lead_minutes: 0,
          })
        ).body.id,
      );
    at('2027-05-02T09:00:00Z');
    const due = '2027-05-02T09:00:00.000Z';
    const [edits] = await Promise.all([
      Promise.all(ids.map((id, i) => user.put(occurrence(id, due), { title: `Raced ${i}` }))),
      runSeriesScheduler(env.t.deps, { series: 1, chunk: 1 }),
      runSeriesScheduler(env.t.deps, { series: 2, chunk: 1 }),
    ]);
    // A run skips a series an edit holds locked at that moment, and a run that finds every due series so
    // held ends: the scheduler's next run (its timer: `next_at` is still now) creates what was left.
    await tick();
    expect(await tick()).toBe(0);
    for (const [i, id] of ids.entries()) {
      const tasks = await tasksOf(user, id);
      expect(tasks).toHaveLength(1);
      expect([edits[i]!.status, tasks[0]!.title]).toEqual(
        edits[i]!.status === 200 ? [200, `Raced ${i}`] : [409, `Close ${i}`],
      );
    }
  });
});
