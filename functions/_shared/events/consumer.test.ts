import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import * as z from 'zod';
import { useTestApp } from '../../../test/support/test-app.js';
import type { AppEnv } from '../http/env.js';
import { createLogger } from '../logger.js';
import { batchMessage } from './bus-publisher.js';
import { consumerApp, UnprocessableEvent, type TransactionalConsumer } from './consumer.js';

// A consumer whose effect is a row per event, in the transaction that records the event: its effect
// must happen once per event, however it comes (alone, again, in a batch with old ones, twice in one).

const env = useTestApp();
const TYPE = 'dev.ripple.test.counted';
let refuseNow = false;

const counted: TransactionalConsumer<{ n: number }> = {
  types: [TYPE],
  data: z.object({ n: z.number() }),
  async handle(event, tx) {
    // What a consumer says of an event once the world has moved on (its task deleted since, say).
    if (refuseNow) throw new UnprocessableEvent('no longer applies');
    await sql`insert into counted_effects (event_id, n) values (${event.id}, ${event.data.n})`.execute(
      tx,
    );
  },
};

beforeAll(async () => {
  await sql`create table counted_effects (event_id text not null, n int not null)`.execute(
    env.t.deps.db,
  );
});

// As the server's app runs a consumer: its log set for the request.
const app = () =>
  new Hono<AppEnv>()
    .use(async (c, next) => {
      c.set('log', createLogger('silent'));
      await next();
    })
    .route('/', consumerApp('counted', counted, env.t.deps));
const user = randomUUID();
const event = (n: number, id = randomUUID()) => ({
  specversion: '1.0',
  id,
  source: '/test',
  type: TYPE,
  time: new Date().toISOString(),
  userid: user,
  datacontenttype: 'application/json',
  data: { n },
});

async function sendOne(e: ReturnType<typeof event>) {
  const res = await app().request('/events/counted', {
    method: 'POST',
    headers: {
      'ce-specversion': '1.0',
      'ce-id': e.id,
      'ce-source': e.source,
      'ce-type': e.type,
      'ce-time': e.time,
      'ce-userid': user,
      'content-type': 'application/json',
    },
    body: JSON.stringify(e.data),
  });
  return { status: res.status, body: (await res.json()) as { outcome?: string } };
}

async function sendBatch(events: ReturnType<typeof event>[]) {
  const batch = batchMessage(events);
  const res = await app().request('/events/counted', {
    method: 'POST',
    headers: batch.headers,
    body: batch.body,
  });
  return { status: res.status, body: (await res.json()) as { outcomes?: string[] } };
}

const effects = async (ids: string[]) =>
  (
    await sql<{
      event_id: string;
      n: number;
    }>`select event_id, n from counted_effects where event_id = any(${ids}::text[]) order by n`.execute(
      env.t.deps.db,
    )
  ).rows.map((r) => r.n);

it('has an event’s effect once: processed when new, a duplicate when it comes again, even once its effect would be refused now', async () => {
  refuseNow = false;
  const e = event(1);
  expect(await sendOne(e)).toEqual({
    status: 200,
    body: { status: 'SUCCESS', outcome: 'processed' },
  });
  expect(await sendOne(e)).toEqual({
    status: 200,
    body: { status: 'SUCCESS', outcome: 'duplicate' },
  });
  refuseNow = true;
  try {
    expect(await sendOne(e)).toEqual({
      status: 200,
      body: { status: 'SUCCESS', outcome: 'duplicate' },
    });
    // A new event it refuses is refused, and leaves nothing recorded: it is refused again when it comes again.
    const refused = event(2);
    expect((await sendOne(refused)).status).toBe(400);
    expect((await sendOne(refused)).status).toBe(400);
    expect(await effects([e.id, refused.id])).toEqual([1]);
  } finally {
    refuseNow = false;
  }
});

it('takes a batch whole: an old event among new ones is a duplicate, an event twice in it has its effect once', async () => {
  const old = event(10);
  expect((await sendOne(old)).body.outcome).toBe('processed');
  const [a, b] = [event(11), event(12)];
  expect(await sendBatch([a, old, b])).toMatchObject({
    status: 200,
    body: { outcomes: ['processed', 'duplicate', 'processed'] },
  });
  const twice = event(13);
  expect(await sendBatch([twice, event(14, twice.id)])).toMatchObject({
    status: 200,
    body: { outcomes: ['processed', 'duplicate'] },
  });
  expect(await sendBatch([a, b])).toMatchObject({
    status: 200,
    body: { outcomes: ['duplicate', 'duplicate'] },
  });
  expect(await effects([old.id, a.id, b.id, twice.id])).toEqual([10, 11, 12, 13]);
});

it('has the effect once when the same new event is delivered twice at the same moment', async () => {
  const e = event(20);
  const outcomes = (await Promise.all([sendOne(e), sendOne(e), sendOne(e)]))
    .map((r) => r.body.outcome)
    .sort();
  expect(outcomes).toEqual(['duplicate', 'duplicate', 'processed']);
  expect(await effects([e.id])).toEqual([20]);
});
