import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { client, signedInClient } from '../../test/support/client.js';
import { binaryEvent } from '../../test/support/events.js';
import { createTestApp, useTestApp } from '../../test/support/test-app.js';
import { connectDb } from '../_shared/db/connect.js';

const env = useTestApp();
let userId: string;

beforeAll(async () => {
  userId = (await signedInClient(env.t.app)).user.id;
});

/** A task.<name> event as tasks functions write it to the outbox. */
function taskEvent(name: string, overrides: Record<string, unknown> = {}) {
  const taskId = randomUUID();
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: '/ripple/tasks',
    type: `dev.ripple.task.${name}`,
    subject: taskId,
    time: '2026-03-01T09:00:00.000Z',
    datacontenttype: 'application/json',
    partitionkey: taskId,
    userid: userId,
    data: {
      id: taskId, title: 'Audited', description: null, status: 'pending', priority: 'medium', tags: [],
      due_at: null, remind_at: null, recurrence: null, completed_at: null,
      created_at: '2026-03-01T09:00:00.000Z', updated_at: '2026-03-01T09:00:00.000Z', version: 1,
    },
    ...overrides,
  };
}

const post = (headers: Record<string, string>, body: string) => env.t.app.request('/events/audit-writer', { method: 'POST', headers, body });
const asJson = async (res: Response) => ({ status: res.status, body: (await res.json()) as { status: string; outcome?: string; detail?: string } });
const auditRows = (eventId: string) => env.db.db.selectFrom('audit_log').selectAll().where('event_id', '=', eventId).execute();

describe('audit-writer takes a task event in every form the eventing system sends', () => {
  it('binary mode (KafkaSource): one audit entry, and a redelivery has no second effect', async () => {
    const event = taskEvent('created');
    const { headers, body } = binaryEvent(event);
    expect(await asJson(await post(headers, body))).toEqual({ status: 200, body: { status: 'SUCCESS', outcome: 'processed' } });
    expect(await asJson(await post(headers, body))).toEqual({ status: 200, body: { status: 'SUCCESS', outcome: 'duplicate' } });
    const rows = await auditRows(event.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ user_id: userId, event_type: 'created', task_id: event.subject, task: event.data, occurred_at: new Date(event.time) });
  });

  it('structured mode (a Dapr subscription, with the attributes Dapr adds)', async () => {
    const event = taskEvent('completed', { pubsubname: 'ripple-pubsub', topic: 'task-events', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
    const res = await post({ 'content-type': 'application/cloudevents+json' }, JSON.stringify(event));
    expect(await asJson(res)).toEqual({ status: 200, body: { status: 'SUCCESS', outcome: 'processed' } });
    expect(await auditRows(event.id)).toMatchObject([{ event_type: 'completed' }]);
  });

  it('a KafkaSource wrapper (dev.knative.kafka.event) whose data is the envelope Dapr wrote to Kafka', async () => {
    const inner = taskEvent('reopened', { pubsubname: 'ripple-pubsub', topic: 'task-events', traceid: '00-abc-def-01' });
    const wrapper = { specversion: '1.0', id: 'partition:0/offset:42', source: '/apis/v1/namespaces/ripple/kafkasources/audit-writer#task-events', type: 'dev.knative.kafka.event', subject: 'partition:0#42', key: inner.subject };
    const { headers } = binaryEvent(wrapper);
    delete headers['content-type'];
    const res = await post(headers, JSON.stringify(inner));
    expect(await asJson(res)).toEqual({ status: 200, body: { status: 'SUCCESS', outcome: 'processed' } });
    // The inner event's id is what makes it once-only, not the Kafka offset.
    expect(await auditRows(inner.id)).toMatchObject([{ event_type: 'reopened', task_id: inner.subject }]);
    expect(await asJson(await post({ ...binaryEvent({ ...wrapper, id: 'partition:0/offset:43' }).headers }, JSON.stringify(inner)))).toMatchObject({ body: { outcome: 'duplicate' } });
  });

  it('acknowledges an event type it does not act on, without an entry', async () => {
    const event = taskEvent('created', { type: 'dev.ripple.reminder.due' });
    const { headers, body } = binaryEvent(event);
    expect(await asJson(await post(headers, body))).toEqual({ status: 200, body: { status: 'SUCCESS', outcome: 'ignored' } });
    expect(await auditRows(event.id)).toEqual([]);
  });

  it('refuses with 400 what can never be processed, so Knative dead-letters it; to a Dapr subscription it answers DROP', async () => {
    const notAnEvent = await post({ 'content-type': 'application/json' }, '{"hello":"world"}');
    expect(notAnEvent.status).toBe(400);
    expect(notAnEvent.headers.get('content-type')).toBe('application/problem+json');

    const badData = taskEvent('updated', { data: { id: 'not-a-uuid' } });
    const refused = await asJson(await post(binaryEvent(badData).headers, binaryEvent(badData).body));
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toMatch(/data/);

    const noUser = taskEvent('updated', { userid: undefined });
    expect((await post(binaryEvent(noUser).headers, binaryEvent(noUser).body)).status).toBe(400);

    const unknownUser = taskEvent('updated', { userid: randomUUID() });
    expect((await post(binaryEvent(unknownUser).headers, binaryEvent(unknownUser).body)).status).toBe(400);

    // This app takes Dapr subscriptions (DAPR_SUBSCRIBE defaults to true) and Dapr delivers in
    // structured mode: Dapr retries every 4xx but 404, so the refusal is 200 DROP.
    const fromDapr = taskEvent('updated', { pubsubname: 'ripple-pubsub', data: { id: 'not-a-uuid' } });
    expect(await asJson(await post({ 'content-type': 'application/cloudevents+json' }, JSON.stringify(fromDapr)))).toMatchObject({ status: 200, body: { status: 'DROP' } });
    expect(await asJson(await post({ 'content-type': 'application/cloudevents+json' }, '{"specversion":"1.0"'))).toMatchObject({ status: 200, body: { status: 'DROP' } });

    // A record Dapr's pubsub.kafka wrote carries pubsubname and topic, and KafkaSource delivers it in
    // binary mode with them: the answer is 400, so the dispatcher dead-letters it, not a silent DROP.
    const viaKafkaSource = taskEvent('updated', { pubsubname: 'ripple-pubsub', topic: 'task-events', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', data: { id: 'not-a-uuid' } });
    const dispatched = await post(binaryEvent(viaKafkaSource).headers, binaryEvent(viaKafkaSource).body);
    expect(dispatched.status).toBe(400);
    expect(dispatched.headers.get('content-type')).toBe('application/problem+json');

    for (const event of [badData, noUser, unknownUser, fromDapr, viaKafkaSource]) expect(await auditRows(event.id)).toEqual([]);
  });

  it('refuses with 400 in every mode where Dapr does not subscribe (DAPR_SUBSCRIBE=false, the cluster)', async () => {
    const app = createTestApp(env.db, { env: { DAPR_SUBSCRIBE: 'false' } });
    const send = (headers: Record<string, string>, body: string) => app.app.request('/events/audit-writer', { method: 'POST', headers, body });
    const structured = taskEvent('updated', { pubsubname: 'ripple-pubsub', topic: 'task-events', data: { id: 'not-a-uuid' } });
    const answer = await send({ 'content-type': 'application/cloudevents+json' }, JSON.stringify(structured));
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ title: 'Unprocessable event' });
    expect((await send(binaryEvent(structured).headers, binaryEvent(structured).body)).status).toBe(400);
    // A good event still goes through.
    const good = taskEvent('created', { pubsubname: 'ripple-pubsub', topic: 'task-events' });
    expect(await asJson(await send(binaryEvent(good).headers, binaryEvent(good).body))).toEqual({ status: 200, body: { status: 'SUCCESS', outcome: 'processed' } });
    await app.close();
    expect(await auditRows(structured.id)).toEqual([]);
    expect(await auditRows(good.id)).toHaveLength(1);
  });

  it('takes the same event delivered many times at once exactly once', async () => {
    const event = taskEvent('deleted');
    const { headers, body } = binaryEvent(event);
    const answers = await Promise.all(Array.from({ length: 8 }, async () => (await asJson(await post(headers, body))).body.outcome));
    expect(answers.filter((a) => a === 'processed')).toHaveLength(1);
    expect(answers.filter((a) => a === 'duplicate')).toHaveLength(7);
    expect(await auditRows(event.id)).toHaveLength(1);
  });

  it('lists its subscription for a Dapr-subscription deployment', async () => {
    const res = await client(env.t.app).get('/dapr/subscribe');
    expect(res.body).toContainEqual({ pubsubname: 'ripple-pubsub', topic: 'task-events', route: '/events/audit-writer' });
  });

  it('lists none when DAPR_SUBSCRIBE=false, as in the cluster, where KafkaSources deliver', async () => {
    const app = createTestApp(env.db, { env: { DAPR_SUBSCRIBE: 'false' } });
    expect((await client(app.app).get('/dapr/subscribe')).body).toEqual([]);
    await app.close();
  });

  it('answers 503 with Retry-After when its database is out of reach, so the sender retries', async () => {
    const unreachable = connectDb({ url: 'postgres://ripple:x@127.0.0.1:1/none', poolMax: 1, statementTimeoutMs: 1000 });
    const event = taskEvent('created');
    const { headers, body } = binaryEvent(event);
    const app = createTestApp({ ...env.db, db: unreachable }).app;
    const res = await app.request('/events/audit-writer', { method: 'POST', headers, body });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    await unreachable.destroy();
    // Once reachable, the same event is processed.
    expect(await asJson(await post(headers, body))).toMatchObject({ status: 200, body: { outcome: 'processed' } });
  });
});
