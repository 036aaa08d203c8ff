import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventRoute } from '../../functions/_shared/events/catalog.js';
import { fakeSidecar } from '../support/events.js';
import { http, startProcess, type Started } from '../support/process.js';
import { createTestDb, type TestDb } from '../support/test-db.js';
import { daprKafkaRecord, decide, dispatch, plainRecord, type KafkaRecord } from './kafka-path.js';
import { renderOverlay } from './overlays.js';

// The path Dapr -> Kafka -> KafkaSource -> consumer, with every party but Kafka's storage real:
// tasks-create publishing through its (recording) sidecar, the record Dapr's pubsub.kafka would write
// for that publish, the dispatcher's decoding (the cloudevents Kafka binding) and decisions, and the
// audit-writer and dead-letters functions running as their Knative Services run them.
const manifests = renderOverlay('production');
const service = (name: string) =>
  manifests.find((m) => m.kind === 'Service' && m.metadata.name === name);
const source = manifests.find(
  (m) => m.kind === 'KafkaSource' && m.metadata.name === 'audit-writer-task-events',
);
/** The plain env values of a function's manifest (secrets come from the test instead). */
const manifestEnv = (name: string): Record<string, string> =>
  Object.fromEntries(
    service(name)
      .spec.template.spec.containers[0].env.filter((e: any) => 'value' in e)
      .map((e: any) => [e.name, e.value]),
  );

describe('the event path Dapr -> Kafka -> KafkaSource -> consumer', { timeout: 120_000 }, () => {
  let db: TestDb;
  let sidecar: Awaited<ReturnType<typeof fakeSidecar>>;
  const running: Started[] = [];
  let consumer: Started | undefined;
  let deadLetters: Started;
  let creator: Started;
  let token = '';
  let consumerPort = 0;

  const env = (name: string, port = 0) => ({
    ...manifestEnv(name),
    PORT: String(port),
    DATABASE_URL: db.url,
    JWT_SECRET: 'path-secret-long-enough-for-hs256-0123456789',
    DAPR_HTTP_PORT: String(sidecar.port),
    TRUST_PROXY_HOPS: '0',
  });
  const start = async (name: string, port = 0) => {
    const started = await startProcess('serve', [name], env(name, port));
    running.push(started);
    return started;
  };
  const delivery = () => ({
    sink: `http://127.0.0.1:${consumerPort}${source.spec.sink.uri}`,
    deadLetterSink: `${deadLetters.url}${source.spec.delivery.deadLetterSink.uri}`,
    retry: source.spec.delivery.retry as number,
    backoffMs: 50, // PT0.5S in the manifest; shortened here, same doubling
  });
  const ks = { namespace: source.metadata.namespace, name: source.metadata.name };
  const auditRows = (eventId: string) =>
    db.db
      .selectFrom('audit_log')
      .select(['event_id', 'event_type', 'task_id'])
      .where('event_id', '=', eventId)
      .execute();
  const deadRows = (eventId: string) =>
    db.db
      .selectFrom('dead_letters')
      .select(['event_id', 'event_type', 'error_code', 'error_dest'])
      .where('event_id', '=', eventId)
      .execute();

  /** A task created through tasks-create; the Kafka record Dapr writes for what it published. */
  async function publishedRecord(title: string): Promise<KafkaRecord> {
    const before = sidecar.publishes().length;
    const created = await http(`${creator.url}/api/tasks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      json: { title },
    });
    expect(created.status).toBe(201);
    await expect
      .poll(() => sidecar.publishes().length, { timeout: 10_000 })
      .toBeGreaterThan(before);
    const request = sidecar
      .publishes()
      .slice(before)
      .find((r) => JSON.parse(r.body).subject === created.body.id)!;
    return daprKafkaRecord({ url: request.url, headers: request.headers, body: request.body });
  }

  beforeAll(async () => {
    db = await createTestDb();
    sidecar = await fakeSidecar();
    const signup = await start('auth-signup');
    token = (
      await http(`${signup.url}/api/auth/signup`, {
        method: 'POST',
        json: { email: 'path@example.com', password: 'through the whole path' },
      })
    ).body.token;
    creator = await start('tasks-create');
    consumer = await start('audit-writer');
    consumerPort = Number(new URL(consumer.url).port);
    deadLetters = await start('dead-letters');
  });
  afterAll(async () => {
    for (const r of running) await r.stop();
    await sidecar?.close();
    await db?.drop();
  });

  it('runs the consumer as deployed: no Dapr subscription, and the KafkaSource retries and dead-letters', () => {
    expect(manifestEnv('audit-writer')).toMatchObject({
      DAPR_SUBSCRIBE: 'false',
      PUBLISHER: 'dapr',
    });
    expect(source.spec.sink.uri).toBe(eventRoute('audit-writer'));
    expect(source.spec.delivery).toMatchObject({
      backoffPolicy: 'exponential',
      deadLetterSink: { uri: eventRoute('dead-letters') },
    });
    expect(source.spec.delivery.retry).toBeGreaterThanOrEqual(3);
    // The dispatcher's rule for a sink's answer.
    for (const status of [500, 503, 404, 408, 409, 429, null])
      expect(decide(status), String(status)).toBe('retry');
    for (const status of [400, 401, 403, 413, 415, 422])
      expect(decide(status), String(status)).toBe('dead-letter');
    for (const status of [200, 202, 204]) expect(decide(status)).toBe('delivered');
  });

  it('good: a record as Dapr wrote it reaches the consumer in binary mode, with the Dapr attributes, and has its effect once', async () => {
    const record = await publishedRecord('Through Kafka');
    // What Dapr's pubsub.kafka wrote: key = partition key = task id, headers from the publish metadata.
    const envelope = JSON.parse(record.value);
    expect(record.key).toBe(envelope.subject);
    expect(record.headers).toMatchObject({
      'content-type': 'application/cloudevents+json',
      partitionKey: envelope.subject,
    });
    expect(envelope).toMatchObject({
      pubsubname: 'ripple-pubsub',
      topic: 'task-events',
      type: 'dev.ripple.task.created',
    });

    const result = await dispatch(record, ks, delivery());
    expect(result).toMatchObject({ outcome: 'delivered', statuses: [200] });
    // Decoded as structured, delivered as binary: the consumer saw pubsubname (and still answered as KafkaSource needs).
    expect(result.event).toMatchObject({
      id: envelope.id,
      pubsubname: 'ripple-pubsub',
      topic: 'task-events',
      partitionkey: envelope.subject,
    });
    expect(await auditRows(envelope.id)).toEqual([
      { event_id: envelope.id, event_type: 'created', task_id: envelope.subject },
    ]);

    // duplicate: the same record again (a rebalance, a retry after a lost answer): 200, no second effect.
    expect(await dispatch(record, ks, delivery())).toMatchObject({
      outcome: 'delivered',
      statuses: [200],
    });
    expect(await auditRows(envelope.id)).toHaveLength(1);
    expect(await deadRows(envelope.id)).toEqual([]);
  });

  it('unprocessable: a Dapr-written event that can never be processed reaches the dead-letter sink, not a silent DROP', async () => {
    const good = await publishedRecord('Will be broken');
    const envelope = JSON.parse(good.value);
    const broken: KafkaRecord = {
      ...good,
      value: JSON.stringify({ ...envelope, data: { ...envelope.data, id: 'not-a-uuid' } }),
    };
    const result = await dispatch(broken, ks, delivery());
    expect(result).toMatchObject({ outcome: 'dead-lettered', statuses: [400] });
    expect(await auditRows(envelope.id)).toEqual([]);
    expect(await deadRows(envelope.id)).toEqual([
      {
        event_id: envelope.id,
        event_type: 'dev.ripple.task.created',
        error_code: '400',
        error_dest: delivery().sink,
      },
    ]);
  });

  it('unprocessable: a malformed record produced straight to the topic is wrapped, refused and dead-lettered', async () => {
    const record = plainRecord('task-events', '{"hello":"not a CloudEvent"}', 'some-key');
    const result = await dispatch(record, ks, delivery());
    expect(result.event.type).toBe('dev.knative.kafka.event');
    expect(result).toMatchObject({ outcome: 'dead-lettered', statuses: [400] });
    expect(await deadRows(result.event.id)).toEqual([
      {
        event_id: result.event.id,
        event_type: 'dev.knative.kafka.event',
        error_code: '400',
        error_dest: delivery().sink,
      },
    ]);
  });

  it('consumer down: the record is retried while nothing answers, then processed exactly once', async () => {
    await consumer!.stop();
    const record = await publishedRecord('While the consumer was down');
    const eventId = JSON.parse(record.value).id;
    const result = await dispatch(record, ks, {
      ...delivery(),
      afterAttempt: async (attempt) => {
        // Knative brings the service back (a cold start) while the dispatcher backs off.
        if (attempt === 2) consumer = await start('audit-writer', consumerPort);
      },
    });
    expect(result.outcome).toBe('delivered');
    expect(result.statuses.slice(0, 2)).toEqual([null, null]);
    expect(result.statuses.at(-1)).toBe(200);
    expect(await auditRows(eventId)).toHaveLength(1);
    expect(await deadRows(eventId)).toEqual([]);
  });
});
