import { sign } from 'hono/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, signedInClient } from '../../test/support/client.js';
import { openStream } from '../../test/support/sse.js';
import {
  createTestApp,
  TEST_JWT_SECRET,
  useTestApp,
  type TestApp,
} from '../../test/support/test-app.js';
import { randomUUID } from 'node:crypto';
import { batchMessage } from '../_shared/events/bus-publisher.js';
import { pingHeaders } from '../_shared/events/catalog.js';

const env = useTestApp();
const streams: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const s of streams) await s.close();
});

async function tab(
  app: TestApp['app'],
  user: { post: ReturnType<typeof client>['post'] },
  lastEventId?: string,
) {
  const { token } = (await user.post('/api/stream/token')).body;
  const stream = await openStream(
    app,
    `/api/stream?token=${encodeURIComponent(token)}`,
    lastEventId ? { 'last-event-id': lastEventId } : {},
  );
  streams.push(stream);
  expect(stream.status).toBe(200);
  expect(stream.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  await stream.until((f) => f.some((x) => x.event === 'ready'));
  return stream;
}

describe('GET /api/stream', () => {
  it("brings one user's change to both their tabs, and nothing to another user's", async () => {
    const alice = await signedInClient(env.t.app);
    const bob = await signedInClient(env.t.app);
    const [a1, a2, b1] = [
      await tab(env.t.app, alice),
      await tab(env.t.app, alice),
      await tab(env.t.app, bob),
    ];
    const task = (await alice.post('/api/tasks', { title: 'Seen everywhere' })).body;
    await env.t.settled();
    for (const s of [a1, a2]) {
      await s.until((f) => f.some((x) => x.event === 'task'));
      expect(s.of('task')).toEqual([{ id: expect.stringMatching(/^\d+$/), type: 'created', task }]);
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(b1.of('task')).toEqual([]);
  });

  it('replays exactly what a tab missed when it reconnects with Last-Event-ID, then goes live', async () => {
    const user = await signedInClient(env.t.app);
    const first = await tab(env.t.app, user);
    const task = (await user.post('/api/tasks', { title: 'Before the drop' })).body;
    await env.t.settled();
    await first.until((f) => f.some((x) => x.event === 'task'));
    const seen = first.of('task')[0]!.id!;
    await first.close();

    await user.patch(`/api/tasks/${task.id}`, { title: 'While away' });
    await user.post(`/api/tasks/${task.id}/complete`);
    await env.t.settled();

    const again = await tab(env.t.app, user, seen);
    await again.until((f) => f.filter((x) => x.event === 'task').length >= 2);
    expect(again.of('task').map((e) => [e.type, e.task.title])).toEqual([
      ['updated', 'While away'],
      ['completed', 'While away'],
    ]);
    await user.post(`/api/tasks/${task.id}/reopen`);
    await env.t.settled();
    await again.until((f) => f.filter((x) => x.event === 'task').length >= 3);
    expect(again.of('task').map((e) => e.type)).toEqual(['updated', 'completed', 'reopened']);
    const ids = again.of('task').map((e) => Number(e.id));
    expect(ids[0]).toBeGreaterThan(Number(seen));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
  });

  it('takes a batch from the bus whole: each user its own entries, in the order sent, once however often it comes', async () => {
    const [alice, bob] = [await signedInClient(env.t.app), await signedInClient(env.t.app)];
    const [a, b] = [
      (await alice.post('/api/tasks', { title: 'A' })).body,
      (await bob.post('/api/tasks', { title: 'B' })).body,
    ];
    await env.t.settled();
    const [aliceTab, bobTab] = [await tab(env.t.app, alice), await tab(env.t.app, bob)];
    const event = (task: { id: string; project_id: string }, who: string, title: string) => ({
      specversion: '1.0',
      id: randomUUID(),
      source: '/ripple/tasks',
      type: 'dev.ripple.task.updated',
      subject: task.id,
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      partitionkey: task.id,
      userid: who,
      projectid: task.project_id,
      data: { ...task, title },
    });
    const batch = batchMessage([
      event(a, alice.user.id, 'A1'),
      event(b, bob.user.id, 'B1'),
      event(a, alice.user.id, 'A2'),
      event(b, bob.user.id, 'B2'),
    ]);
    const send = async () =>
      (
        await env.t.app.request('/events/stream-writer', {
          method: 'POST',
          headers: batch.headers,
          body: batch.body,
        })
      ).json();
    expect(await send()).toMatchObject({
      outcomes: ['processed', 'processed', 'processed', 'processed'],
    });
    expect(await send()).toMatchObject({
      outcomes: ['duplicate', 'duplicate', 'duplicate', 'duplicate'],
    });
    await aliceTab.until((f) => f.filter((x) => x.event === 'task').length >= 2);
    await bobTab.until((f) => f.filter((x) => x.event === 'task').length >= 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(aliceTab.of('task').map((e) => e.task.title)).toEqual(['A1', 'A2']);
    expect(bobTab.of('task').map((e) => e.task.title)).toEqual(['B1', 'B2']);
  });

  it('carries notifications too', async () => {
    const user = await signedInClient(env.t.app);
    const stream = await tab(env.t.app, user);
    await user.post('/api/tasks', { title: 'Ring me', remind_at: env.t.clock.now().toISOString() });
    await client(env.t.app).post(
      '/events/reminder-scheduler',
      undefined,
      pingHeaders('tick', '/test'),
    );
    await env.t.settled();
    await stream.until((f) => f.some((x) => x.event === 'notification'));
    expect(stream.of('notification')).toMatchObject([
      { type: 'created', notification: { kind: 'reminder', title: 'Ring me', read_at: null } },
    ]);
  });

  it('does not let a tab that reads nothing hold back another', async () => {
    const user = await signedInClient(env.t.app);
    const { token } = (await user.post('/api/stream/token')).body;
    // Opened and never read: its writes back up in its own stream only.
    const stalled = await env.t.app.request(`/api/stream?token=${encodeURIComponent(token)}`);
    expect(stalled.status).toBe(200);
    const reader = await tab(env.t.app, user);
    const task = (await user.post('/api/tasks', { title: 'Busy', description: 'x'.repeat(5000) }))
      .body;
    // Forty quick changes to one task: each follows the one before, none waits for a sweep.
    for (let i = 1; i <= 40; i++) await user.patch(`/api/tasks/${task.id}`, { title: `Busy ${i}` });
    await env.t.settled();
    await reader.until((f) => f.filter((x) => x.event === 'task').length === 41, 10_000);
    expect(reader.of('task').at(-1)).toMatchObject({ type: 'updated', task: { title: 'Busy 40' } });
    await stalled.body?.cancel();
  });

  it('needs a stream token (an API token is not one), a valid Last-Event-ID, and caps the tabs per user', async () => {
    const user = await signedInClient(env.t.app);
    expect((await env.t.app.request('/api/stream')).status).toBe(400);
    expect((await env.t.app.request(`/api/stream?token=${user.token}`)).status).toBe(401);
    const { token } = (await user.post('/api/stream/token')).body;
    expect(
      (
        await env.t.app.request(`/api/stream?token=${token}`, {
          headers: { 'last-event-id': 'yesterday' },
        })
      ).status,
    ).toBe(400);
    expect((await client(env.t.app).post('/api/stream/token')).status).toBe(401);
    // A correctly signed stream token whose subject is no user id is as invalid as any other.
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    const notUuid = await sign({ ...claims, sub: 'not-a-uuid' }, TEST_JWT_SECRET, 'HS256');
    const refusedSub = await env.t.app.request(`/api/stream?token=${notUuid}`);
    expect(refusedSub.status).toBe(401);
    expect(refusedSub.headers.get('content-type')).toBe('application/problem+json');

    const capped = createTestApp(env.db, { env: { STREAM_MAX_PER_USER: '2' } });
    try {
      const one = await tab(capped.app, user);
      const two = await tab(capped.app, user);
      const { token: third } = (await user.post('/api/stream/token')).body;
      const refused = await capped.app.request(`/api/stream?token=${third}`);
      expect(refused.status).toBe(429);
      // A tab that goes away frees its place.
      await one.close();
      await expect
        .poll(async () => {
          const { token: again } = (await user.post('/api/stream/token')).body;
          const res = await capped.app.request(`/api/stream?token=${again}`);
          await res.body?.cancel();
          return res.status;
        })
        .toBe(200);
      await two.close();
    } finally {
      await capped.close();
    }
  });
});

describe('two realtime replicas', () => {
  let other: TestApp;
  beforeAll(() => {
    other = createTestApp(env.db);
  });
  afterAll(() => other.close());

  it("fan out to each other's tabs: a change handled by one reaches a tab held by the other", async () => {
    const user = await signedInClient(env.t.app);
    const here = await tab(env.t.app, user);
    const there = await tab(other.app, user);
    // Written, published and logged by the other replica's functions and stream-writer.
    const viaOther = client(other.app, user.token);
    const task = (await viaOther.post('/api/tasks', { title: 'Across replicas' })).body;
    await other.settled();
    for (const s of [here, there]) {
      await s.until((f) => f.some((x) => x.event === 'task'));
      expect(s.of('task')).toMatchObject([{ type: 'created', task: { id: task.id } }]);
    }
  });
});
