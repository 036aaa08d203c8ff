import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { pingHeaders } from '../functions/_shared/events/catalog.js';
import { registry } from '../functions/registry.js';
import { client, signedInClient } from './support/client.js';
import { binaryEvent } from './support/events.js';
import { openStream } from './support/sse.js';
import { createTestApp, useTestApp, type TestApp } from './support/test-app.js';

// Each metric an operator needs, read from /metrics after the thing it measures happened.
const env = useTestApp({
  env: { SIGNIN_MAX_FAILURES: '2', JWT_TTL_SECONDS: String(7 * 24 * 3600) },
});
const others: TestApp[] = [];
afterAll(async () => {
  for (const t of others) await t.close();
});

const scrape = async (t: TestApp = env.t) => (await client(t.app).get('/metrics')).body as string;
/** The value of one series, or undefined when it is not exposed. */
async function value(series: string, t?: TestApp): Promise<number | undefined> {
  const line = (await scrape(t)).split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics', () => {
  it('counts each consumer’s events by outcome, and the time from an event to its effect', async () => {
    const user = await signedInClient(env.t.app);
    const task = (await user.post('/api/tasks', { title: 'Counted' })).body;
    await env.t.settled();
    expect(
      await value('ripple_events_consumed_total{consumer="audit-writer",outcome="processed"}'),
    ).toBe(1);
    expect(
      await value('ripple_events_consumed_total{consumer="stream-writer",outcome="processed"}'),
    ).toBe(1);
    expect(await value('ripple_event_lag_seconds_count{consumer="audit-writer"}')).toBe(1);

    // The same event again (a redelivery), then one the consumer can never process.
    const [row] = await env.db.db
      .selectFrom('outbox')
      .select('event')
      .where('partition_key', '=', task.id)
      .execute();
    const again = binaryEvent(row!.event);
    expect(
      (
        await env.t.app.request('/events/audit-writer', {
          method: 'POST',
          headers: again.headers,
          body: again.body,
        })
      ).status,
    ).toBe(200);
    expect(
      await value('ripple_events_consumed_total{consumer="audit-writer",outcome="duplicate"}'),
    ).toBe(1);
    const bad = binaryEvent({ ...row!.event, id: randomUUID(), userid: 'nobody' });
    expect(
      (
        await env.t.app.request('/events/audit-writer', {
          method: 'POST',
          headers: bad.headers,
          body: bad.body,
        })
      ).status,
    ).toBe(400);
    expect(
      await value('ripple_events_consumed_total{consumer="audit-writer",outcome="refused"}'),
    ).toBe(1);
    expect(await value('ripple_event_lag_seconds_count{consumer="audit-writer"}')).toBe(1);

    // Two minutes late: the lag is measured from the event's time.
    const late = binaryEvent({
      ...row!.event,
      id: randomUUID(),
      time: new Date(env.t.clock.now().getTime() - 120_000).toISOString(),
    });
    expect(
      (
        await env.t.app.request('/events/audit-writer', {
          method: 'POST',
          headers: late.headers,
          body: late.body,
        })
      ).status,
    ).toBe(200);
    expect(await value('ripple_event_lag_seconds_bucket{le="60",consumer="audit-writer"}')).toBe(1);
    expect(await value('ripple_event_lag_seconds_bucket{le="300",consumer="audit-writer"}')).toBe(
      2,
    );
  });

  it('measures how late a reminder went out, and counts scheduled runs with the time of the last success', async () => {
    env.t.clock.set('2026-03-01T09:00:00Z');
    const user = await signedInClient(env.t.app);
    await user.post('/api/tasks', { title: 'Remind me', remind_at: '2026-03-01T09:10:00Z' });
    env.t.clock.set('2026-03-01T09:10:30Z');
    expect(
      (
        await client(env.t.app).post(
          '/events/reminder-scheduler',
          undefined,
          pingHeaders('tick', '/test'),
        )
      ).body.sent,
    ).toBe(1);
    expect(await value('ripple_reminder_lateness_seconds_count')).toBe(1);
    expect(await value('ripple_reminder_lateness_seconds_sum')).toBe(30);
    expect(
      await value('ripple_schedule_runs_total{schedule="reminder-scheduler",outcome="ok"}'),
    ).toBe(1);
    expect(
      await value('ripple_schedule_last_success_timestamp_seconds{schedule="reminder-scheduler"}'),
    ).toBe(Date.parse('2026-03-01T09:10:30Z') / 1000);
  });

  it('counts dead letters received', async () => {
    const letter = binaryEvent({
      specversion: '1.0',
      id: randomUUID(),
      source: '/ripple/tasks',
      type: 'dev.ripple.task.created',
      knativeerrorcode: '500',
      data: {},
    });
    expect(
      (
        await env.t.app.request('/events/dead-letters', {
          method: 'POST',
          headers: letter.headers,
          body: letter.body,
        })
      ).status,
    ).toBe(200);
    expect(await value('ripple_dead_letters_received_total')).toBe(1);
  });

  it('shows the event streams open now', async () => {
    const user = await signedInClient(env.t.app);
    const { token } = (await user.post('/api/stream/token')).body;
    const tab = await openStream(env.t.app, `/api/stream?token=${token}`);
    await tab.until((frames) => frames.some((f) => f.event === 'ready'));
    expect(await value('ripple_event_streams_open')).toBe(1);
    await tab.close();
    await expect.poll(() => value('ripple_event_streams_open')).toBe(0);
  });

  it('counts sign-ins refused by the attempt limits', async () => {
    const user = await signedInClient(env.t.app);
    const anon = client(env.t.app);
    for (let i = 0; i < 2; i++)
      expect(
        (
          await anon.post('/api/auth/signin', {
            email: user.email,
            password: 'wrong password here',
          })
        ).status,
      ).toBe(401);
    expect(
      (await anon.post('/api/auth/signin', { email: user.email, password: 'wrong password here' }))
        .status,
    ).toBe(429);
    expect(await value('ripple_auth_throttled_total{endpoint="signin"}')).toBe(1);
  });

  it('shows the pool’s connections held by transactions and the transactions waiting for one', async () => {
    expect(await value('ripple_db_pool_connections_max')).toBe(5);
    expect(await value('ripple_db_pool_connections_in_use')).toBe(0);
    const hold = async (db: typeof env.db.db, n: number) => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const txs = Array.from({ length: n }, () => db.transaction().execute(() => held));
      return { release: () => (release(), Promise.all(txs)) };
    };
    // Three of five: the scrape's own queries still find a connection.
    const three = await hold(env.db.db, 3);
    await expect.poll(() => value('ripple_db_pool_connections_in_use')).toBe(3);
    expect(await value('ripple_db_pool_waiting')).toBe(0);
    await three.release();
    expect(await value('ripple_db_pool_connections_in_use')).toBe(0);

    // All five, and one waiting: the scrape still answers, within its bound, without the outbox's readings.
    const six = await hold(env.db.db, 6);
    await expect.poll(() => value('ripple_db_pool_waiting')).toBe(1);
    const started = performance.now();
    expect(await value('ripple_db_pool_connections_in_use')).toBe(5);
    expect(await value('ripple_outbox_unpublished')).toBeNaN();
    expect(performance.now() - started).toBeLessThan(2_500);
    await six.release();
    expect(await value('ripple_db_pool_connections_in_use')).toBe(0);
    expect(await value('ripple_db_pool_waiting')).toBe(0);
  });

  it('shows the age of the oldest unpublished outbox row while a consumer is unreachable', async () => {
    const writer = createTestApp(env.db, {
      functions: registry.filter((fn) => fn.name !== 'audit-writer'),
      env: { EVENT_SINKS: 'audit-writer=http://127.0.0.1:9' },
    });
    others.push(writer);
    writer.clock.set('2026-04-01T12:00:00Z');
    const user = await signedInClient(writer.app);
    await user.post('/api/tasks', { title: 'Waiting' });
    await writer.settled();
    writer.clock.advance(90_000);
    expect(await value('ripple_outbox_oldest_unpublished_age_seconds', writer)).toBe(90);
  });
});
