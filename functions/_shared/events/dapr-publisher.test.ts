import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInClient } from '../../../test/support/client.js';
import { fakeSidecar } from '../../../test/support/events.js';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { createTestDb, type TestDb } from '../../../test/support/test-db.js';
import { createLogger } from '../logger.js';
import { createDaprPublisher } from './dapr-publisher.js';
import { PublishError } from './publisher.js';

const event = {
  specversion: '1.0',
  id: '0199c2a4-0000-7000-8000-000000000001',
  source: '/ripple/tasks',
  type: 'dev.ripple.task.created',
  data: { id: 't1' },
};

describe('the Dapr publisher, against a stand-in sidecar', () => {
  let sidecar: Awaited<ReturnType<typeof fakeSidecar>>;
  let down = false;
  beforeAll(async () => {
    sidecar = await fakeSidecar((req) =>
      down && req.url.pathname.startsWith('/v1.0/publish/') ? 500 : undefined,
    );
  });
  afterAll(() => sidecar.close());

  it('POSTs the structured CloudEvent to /v1.0/publish/<pubsub>/<topic> with the partition key and the structured content type', async () => {
    const publisher = createDaprPublisher({
      host: '127.0.0.1',
      port: sidecar.port,
      logger: createLogger('silent'),
    });
    await publisher.publish({ topic: 'task-events', partitionKey: 'task-42', event });
    const [call] = sidecar.publishes();
    expect(call!.method).toBe('POST');
    expect(call!.url.pathname).toBe('/v1.0/publish/ripple-pubsub/task-events');
    expect(call!.url.searchParams.get('metadata.partitionKey')).toBe('task-42');
    // pubsub.kafka turns this metadata entry into a Kafka header: KafkaSource then reads a structured CloudEvent.
    expect(call!.url.searchParams.get('metadata.content-type')).toBe(
      'application/cloudevents+json',
    );
    expect(call!.headers['content-type']).toBe('application/cloudevents+json');
    expect(JSON.parse(call!.body)).toEqual(event);
    await publisher.close();
  });

  it('turns the { error } the SDK returns on a refused publish into a rejection', async () => {
    const publisher = createDaprPublisher({
      host: '127.0.0.1',
      port: sidecar.port,
      logger: createLogger('silent'),
    });
    down = true;
    try {
      await expect(
        publisher.publish({ topic: 'task-events', partitionKey: 'task-42', event }),
      ).rejects.toBeInstanceOf(PublishError);
    } finally {
      down = false;
    }
  });
});

describe('a function configured with PUBLISHER=dapr', () => {
  let testDb: TestDb;
  let t: TestApp;
  let sidecar: Awaited<ReturnType<typeof fakeSidecar>>;
  let refusing = false;
  beforeAll(async () => {
    sidecar = await fakeSidecar((req) =>
      refusing && req.url.pathname.startsWith('/v1.0/publish/') ? 503 : undefined,
    );
    testDb = await createTestDb();
    t = createTestApp(testDb, { env: { PUBLISHER: 'dapr', DAPR_HTTP_PORT: String(sidecar.port) } });
  });
  afterAll(async () => {
    await t.close();
    await testDb.drop();
    await sidecar.close();
  });

  it('publishes each change after answering, keyed by the task, and marks the outbox row published', async () => {
    const user = await signedInClient(t.app);
    const task = (await user.post('/api/tasks', { title: 'Through Dapr' })).body;
    await user.post(`/api/tasks/${task.id}/complete`);
    await t.settled();
    const published = sidecar.publishes().map((r) => ({
      key: r.url.searchParams.get('metadata.partitionKey'),
      event: JSON.parse(r.body),
    }));
    expect(published.map((p) => [p.key, p.event.type])).toEqual([
      [task.id, 'dev.ripple.task.created'],
      [task.id, 'dev.ripple.task.completed'],
    ]);
    expect(published[0]!.event).toMatchObject({
      subject: task.id,
      userid: user.user.id,
      data: task,
    });
    const rows = await testDb.db
      .selectFrom('outbox')
      .select(['event_id', 'published_at'])
      .execute();
    expect(rows.map((r) => r.event_id).sort()).toEqual(published.map((p) => p.event.id).sort());
    expect(rows.every((r) => r.published_at !== null)).toBe(true);
  });

  it('keeps every event while the sidecar refuses, and publishes each once, in order, when it is back', async () => {
    const user = await signedInClient(t.app);
    refusing = true;
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const task = (await user.post('/api/tasks', { title: `Sidecar down ${i}` })).body;
      await user.post(`/api/tasks/${task.id}/complete`);
      ids.push(task.id);
    }
    await t.settled();
    const mine = () =>
      sidecar
        .publishes()
        .filter((r) => r.method === 'POST' && ids.includes(JSON.parse(r.body).subject));
    const pending = await testDb.db
      .selectFrom('outbox')
      .select('event_id')
      .where('partition_key', 'in', ids)
      .where('published_at', 'is', null)
      .execute();
    expect(pending).toHaveLength(40);

    refusing = false;
    const before = mine().length;
    await t.deps.relay.sweep();
    const delivered = mine()
      .slice(before)
      .map((r) => JSON.parse(r.body));
    expect(delivered).toHaveLength(40);
    expect(new Set(delivered.map((e) => e.id))).toEqual(new Set(pending.map((p) => p.event_id)));
    for (const id of ids)
      expect(delivered.filter((e) => e.subject === id).map((e) => e.type)).toEqual([
        'dev.ripple.task.created',
        'dev.ripple.task.completed',
      ]);
  });
});
