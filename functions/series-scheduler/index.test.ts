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

// The clock moves by days here; tokens last as long as the setting allows.
const logLines: string[] = [];
const env = useTestApp({
  env: { JWT_TTL_SECONDS: String(30 * 24 * 3600), LOG_LEVEL: 'warn' },
  logLines,
});
const at = (time: string) => env.t.clock.set(time);
/** One run of the scheduler, as its PingSource (or timer) makes it; then every event delivered. */
const tick = async (): Promise<number> => (await tickOnce(env.t, 'series-scheduler')).created;
const userIn = (timezone?: string) => signUpIn(env.t.app, timezone);
/** The same ping twice: a redelivery. */
const ping = pingHeaders('tick', '/test');

describe('the series scheduler', () => {
  // Each test counts what its own series make: those of the tests before it stop (the clock only moves on).
  afterEach(async () => {
    await env.db.db.updateTable('series').set({ status: 'ended' }).execute();
  });

  it('catches up after downtime: every missed occurrence once, in order, each with one task.created in the audit', async () => {
    at('2026-03-25T08:00:00Z');
    const user = await userIn('Europe/Berlin');
    // Daily at 09:00 Berlin, created an hour before: across the change to summer time on Mar 29.
    const s = (
      await user.post('/api/series', {
        title: 'Standup',
        rrule: 'FREQ=DAILY',
        start: '2026-03-26T09:00:00+01:00',
        lead_minutes: 60,
        tags: ['work'],
      })
    ).body;
    expect(s.next_due_at).toBe('2026-03-26T08:00:00.000Z');
    expect(await tick()).toBe(0);
    // Nothing ran for five days.
    at('2026-03-31T07:30:00Z');
    expect(await tick()).toBe(6);
    expect(await tick()).toBe(0);
    const tasks = await tasksOf(user, s.id);
    expect(tasks.map((t) => t.due_at)).toEqual([
      '2026-03-26T08:00:00.000Z',
      '2026-03-27T08:00:00.000Z',
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
      '2026-03-31T07:00:00.000Z',
    ]);
    for (const task of tasks) {
      const audit = (await user.get(`/api/audit?task_id=${task.id}`)).body.items;
      expect(audit.map((a: { event_type: string }) => a.event_type)).toEqual(['created']);
    }
    expect((await user.get(`/api/series/${s.id}`)).body).toMatchObject({
      generated: 6,
      next_due_at: '2026-04-01T07:00:00.000Z',
      capped: null,
    });
  });

  it('creates each occurrence at the start of its local day by default, done or not', async () => {
    at('2026-04-29T10:00:00Z');
    const user = await userIn('Asia/Kolkata');
    const s = (
      await user.post('/api/series', {
        title: 'Pay the cleaner',
        rrule: 'FREQ=WEEKLY;BYDAY=FR',
        start: '2026-05-01T17:00:00+05:30',
      })
    ).body;
    at('2026-04-30T18:29:59Z');
    expect(await tick()).toBe(0);
    at('2026-04-30T18:30:00Z');
    expect(await tick()).toBe(1);
    const [may] = await tasksOf(user, s.id);
    expect(may!.due_at).toBe('2026-05-01T11:30:00.000Z');
    // Not done: the next week's comes all the same.
    at('2026-05-07T18:30:00Z');
    expect(await tick()).toBe(1);
    expect((await tasksOf(user, s.id)).map((t) => t.due_at)).toEqual([
      '2026-05-01T11:30:00.000Z',
      '2026-05-08T11:30:00.000Z',
    ]);
  });

  it('caps a long catch-up at the series’ cap, keeping the latest, and says so in the log and the series; "latest" keeps one', async () => {
    at('2026-06-01T00:00:00Z');
    const user = await userIn('UTC');
    const capped = (
      await user.post('/api/series', {
        title: 'Capped',
        rrule: 'FREQ=DAILY',
        start: '2026-06-01T12:00:00Z',
        lead_minutes: 0,
        catch_up_cap: 3,
      })
    ).body;
    const latest = (
      await user.post('/api/series', {
        title: 'Latest',
        rrule: 'FREQ=DAILY',
        start: '2026-06-01T12:00:00Z',
        lead_minutes: 0,
        catch_up: 'latest',
      })
    ).body;
    at('2026-06-10T13:00:00Z');
    logLines.length = 0;
    expect(await tick()).toBe(4);
    expect((await tasksOf(user, capped.id)).map((t) => t.due_at.slice(0, 10))).toEqual([
      '2026-06-08',
      '2026-06-09',
      '2026-06-10',
    ]);
    expect((await tasksOf(user, latest.id)).map((t) => t.due_at.slice(0, 10))).toEqual([
      '2026-06-10',
    ]);
    expect((await user.get(`/api/series/${capped.id}`)).body.capped).toEqual({
      at: '2026-06-10T13:00:00.000Z',
      skipped: 7,
    });
    expect((await user.get(`/api/series/${latest.id}`)).body.capped).toEqual({
      at: '2026-06-10T13:00:00.000Z',
      skipped: 9,
    });
    const warned = logLines
      .map((l) => JSON.parse(l))
      .filter((l) => l.msg?.includes('catch-up capped'));
    expect(warned.map((l) => [l.series_id, l.skipped, l.cap]).sort()).toEqual(
      [
        [capped.id, 7, 3],
        [latest.id, 9, 1],
      ].sort(),
    );
  });

  it('creates each occurrence once with two schedulers at once and redelivered pings', async () => {
    at('2026-07-01T00:00:00Z');
    const user = await userIn('Australia/Adelaide');
    const ids: string[] = [];
    for (let i = 0; i < 12; i++)
      ids.push(
        (
          await user.post('/api/series', {
            title: `Race ${i}`,
            rrule: 'FREQ=DAILY',
            start: '2026-07-01T09:00:00+09:30',
            lead_minutes: 0,
          })
        ).body.id,
      );
    at('2026-07-08T00:00:00Z');
    const runs = await Promise.all([
      runSeriesScheduler(env.t.deps, { series: 2, chunk: 2 }),
      runSeriesScheduler(env.t.deps, { series: 3, chunk: 1 }),
      runSeriesScheduler(env.t.deps),
      client(env.t.app)
        .post('/events/series-scheduler', undefined, ping)
        .then((r) => r.body.created as number),
      client(env.t.app)
        .post('/events/series-scheduler', undefined, ping)
        .then((r) => r.body.created as number),
    ]);
    await env.t.settled();
    expect(runs.reduce((a, b) => a + b, 0)).toBe(12 * 7);
    for (const id of ids) {
      const dues = (await tasksOf(user, id)).map((t) => t.due_at);
      expect(dues).toHaveLength(7);
      expect(new Set(dues).size).toBe(7);
    }
    const ledger = await env.db.db
      .selectFrom('series_occurrences')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('series_id', 'in', ids)
      .executeTakeFirstOrThrow();
    expect(Number(ledger.n)).toBe(12 * 7);
  });

  it('creates nothing while paused, and after resuming only what falls after it', async () => {
    at('2026-08-01T00:00:00Z');
    const user = await userIn('America/New_York');
    const s = (
      await user.post('/api/series', {
        title: 'Paused',
        rrule: 'FREQ=DAILY',
        start: '2026-08-01T09:00:00-04:00',
        lead_minutes: 0,
      })
    ).body;
    at('2026-08-01T14:00:00Z');
    expect(await tick()).toBe(1);
    expect((await user.post(`/api/series/${s.id}/pause`)).body.status).toBe('paused');
    at('2026-08-05T14:00:00Z');
    expect(await tick()).toBe(0);
    const resumed = (await user.post(`/api/series/${s.id}/resume`)).body;
    expect(resumed).toMatchObject({ status: 'active', next_due_at: '2026-08-06T13:00:00.000Z' });
    expect(await tick()).toBe(0);
    at('2026-08-06T13:00:00Z');
    expect(await tick()).toBe(1);
    expect((await tasksOf(user, s.id)).map((t) => t.due_at.slice(0, 10))).toEqual([
      '2026-08-01',
      '2026-08-06',
    ]);
    expect((await user.post(`/api/series/${s.id}/end`)).body).toMatchObject({
      status: 'ended',
      next_due_at: null,
    });
    at('2026-08-09T13:00:00Z');
    expect(await tick()).toBe(0);
  });

  it('answers when the next occurrence is due, for the embedded timer', async () => {
    at('2026-09-01T00:00:00Z');
    const user = await userIn('UTC');
    await user.post('/api/series', {
      title: 'Next',
      rrule: 'FREQ=DAILY',
      start: '2026-09-02T12:00:00Z',
      lead_minutes: 30,
    });
    const res = await client(env.t.app).post('/events/series-scheduler', undefined, ping);
    expect(res.body).toEqual({
      status: 'SUCCESS',
      created: 0,
      next_at: '2026-09-02T11:30:00.000Z',
    });
  });
});
