import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { client, signedInClient } from '../../test/support/client.js';
import { binaryEvent } from '../../test/support/events.js';
import { createTestApp, useTestApp } from '../../test/support/test-app.js';
import { connectDb } from '../_shared/db/connect.js';
import { batchMessage } from '../_shared/events/bus-publisher.js';

const env = useTestApp();
let user: Awaited<ReturnType<typeof signedInClient>>;
let userId: string;

beforeAll(async () => {
  user = await signedInClient(env.t.app);
  userId = user.user.id;
});

/** A task.<name> event as tasks functions write it to the outbox, about a task the user really has. */
async function taskEvent(name: string, overrides: Record<string, unknown> = {}) {
  const created = await user.post('/api/tasks', { title: 'Audited' });
  expect(created.status).toBe(201);
  const task = created.body as { id: string; project_id: string };
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: '/ripple/tasks',
    type: `dev.ripple.task.${name}`,
    subject: task.id,
    time: '2026-03-01T09:00:00.000Z',
    datacontenttype: 'application/json',
    partitionkey: task.id,
    userid: userId,
    data: task,
    ...overrides,
  };
}

/** The event in each of the three forms a consumer receives: binary, structured, and wrapped by KafkaSource. */
function wireFormats(event: Record<string, unknown>): [string, Record<string, string>, string][] {
  const wrapper = {
    specversion: '1.0',
    id: `partition:0/offset:${randomUUID()}`,
    source: '/apis/v1/namespaces/ripple/kafkasources/audit-writer#task-events',
    type: 'dev.knative.kafka.event',
  };
  const { headers: wrapperHeaders } = binaryEvent(wrapper);
  delete wrapperHeaders['content-type'];
  return [
    ['binary', binaryEvent(event).headers, binaryEvent(event).body],
    ['structured', { 'content-type': 'application/cloudevents+json' }, JSON.stringify(event)],
    ['kafka-wrapped', wrapperHeaders, JSON.stringify(event)],
  ];
}

const post = (headers: Record<string, string>, body: string) =>
  env.t.app.request('/events/audit-writer', { method: 'POST', headers, body });
const asJson = async (res: Response) => ({
  status: res.status,
  body: (await res.json()) as {
    status: string;
    outcome?: string;
    outcomes?: string[];
    detail?: string;
  },
});
const auditRows = (eventId: string) =>
  env.db.db.selectFrom('audit_log').selectAll().where('event_id', '=', eventId).execute();

describe('audit-writer takes a task event in every form the eventing system sends', () => {
  it('binary mode (KafkaSource): one audit entry, and a redelivery has no second effect', async () => {
    const event = await taskEvent('created');
    const { headers, body } = binaryEvent(event);
    expect(await asJson(await post(headers, body))).toEqual({
      status: 200,
      body: { status: 'SUCCESS', outcome: 'processed' },
    });
    expect(await asJson(await post(headers, body))).toEqual({
      status: 200,
      body: { status: 'SUCCESS', outcome: 'duplicate' },
    });
    const rows = await auditRows(event.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      user_id: userId,
      event_type: 'created',
      task_id: event.subject,
      task: event.data,
      occurred_at: new Date(event.time),
    });
  });

  it('structured mode (a Dapr subscription, with the attributes Dapr adds)', async () => {
    const event = await taskEvent('completed', {
      pubsubname: 'ripple-pubsub',
      topic: 'task-events',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    });
    const res = await post(
      { 'content-type': 'application/cloudevents+json' },
      JSON.stringify(event),
    );
    expect(await asJson(res)).toEqual({
      status: 200,
      body: { status: 'SUCCESS', outcome: 'processed' },
    });
    expect(await auditRows(event.id)).toMatchObject([{ event_type: 'completed' }]);
  });

  it('a KafkaSource wrapper (dev.knative.kafka.event) whose data is the envelope Dapr wrote to Kafka', async () => {
    const inner = await taskEvent('reopened', {
      pubsubname: 'ripple-pubsub',
      topic: 'task-events',
      traceid: '00-abc-def-01',
    });
    const wrapper = {
      specversion: '1.0',
      id: 'partition:0/offset:42',
      source: '/apis/v1/namespaces/ripple/kafkasources/audit-writer#task-events',
      type: 'dev.knative.kafka.event',
      subject: 'partition:0#42',
      key: inner.subject,
    };
    const { headers } = binaryEvent(wrapper);
    delete headers['content-type'];
    const res = await post(headers, JSON.stringify(inner));
    expect(await asJson(res)).toEqual({
      status: 200,
      body: { status: 'SUCCESS', outcome: 'processed' },
    });
    // The inner event's id is what makes it once-only, not the Kafka offset.
    expect(await auditRows(inner.id)).toMatchObject([
      { event_type: 'reopened', task_id: inner.subject },
    ]);
    expect(
      await asJson(
        await post(
          { ...binaryEvent({ ...wrapper, id: 'partition:0/offset:43' }).headers },
          JSON.stringify(inner),
        ),
      ),
    ).toMatchObject({ body: { outcome: 'duplicate' } });
  });

  it('acknowledges an event type it does not act on, without an entry', async () => {
    const event = await taskEvent('created', { type: 'dev.ripple.reminder.due' });
    const { headers, body } = binaryEvent(event);
    expect(await asJson(await post(headers, body))).toEqual({
      status: 200,
      body: { status: 'SUCCESS', outcome: 'ignored' },
    });
    expect(await auditRows(event.id)).toEqual([]);
  });

  it('refuses with 400 what can never be processed, so Knative dead-letters it; to a Dapr subscription it answers DROP', async () => {
    const notAnEvent = await post({ 'content-type': 'application/json' }, '{"hello":"world"}');
    expect(notAnEvent.status).toBe(400);
    expect(notAnEvent.headers.get('content-type')).toBe('application/problem+json');

    const badData = await taskEvent('updated', { data: { id: 'not-a-uuid' } });
    const refused = await asJson(
      await post(binaryEvent(badData).headers, binaryEvent(badData).body),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toMatch(/data/);

    const noUser = await taskEvent('updated', { userid: undefined });
    expect((await post(binaryEvent(noUser).headers, binaryEvent(noUser).body)).status).toBe(400);

    const unknownUser = await taskEvent('updated', { userid: randomUUID() });
    expect(
      (await post(binaryEvent(unknownUser).headers, binaryEvent(unknownUser).body)).status,
    ).toBe(400);

    // This app takes Dapr subscriptions (DAPR_SUBSCRIBE defaults to true) and Dapr delivers in
    // structured mode: Dapr retries every 4xx but 404, so the refusal is 200 DROP.
    const fromDapr = await taskEvent('updated', {
      pubsubname: 'ripple-pubsub',
      data: { id: 'not-a-uuid' },
    });
    expect(
      await asJson(
        await post({ 'content-type': 'application/cloudevents+json' }, JSON.stringify(fromDapr)),
      ),
    ).toMatchObject({ status: 200, body: { status: 'DROP' } });
    expect(
      await asJson(
        await post({ 'content-type': 'application/cloudevents+json' }, '{"specversion":"1.0"'),
      ),
    ).toMatchObject({ status: 200, body: { status: 'DROP' } });

    // A record Dapr's pubsub.kafka wrote carries pubsubname and topic, and KafkaSource delivers it in
    // binary mode with them: the answer is 400, so the dispatcher dead-letters it, not a silent DROP.
    const viaKafkaSource = await taskEvent('updated', {
      pubsubname: 'ripple-pubsub',
      topic: 'task-events',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      data: { id: 'not-a-uuid' },
    });
    const dispatched = await post(
      binaryEvent(viaKafkaSource).headers,
      binaryEvent(viaKafkaSource).body,
    );
    expect(dispatched.status).toBe(400);
    expect(dispatched.headers.get('content-type')).toBe('application/problem+json');

    for (const event of [badData, noUser, unknownUser, fromDapr, viaKafkaSource])
      expect(await auditRows(event.id)).toEqual([]);
  });

  it('refuses with 400 in every mode where Dapr does not subscribe (DAPR_SUBSCRIBE=false, the cluster)', async () => {
    const app = createTestApp(env.db, { env: { DAPR_SUBSCRIBE: 'false' } });
    const send = (headers: Record<string, string>, body: string) =>
      app.app.request('/events/audit-writer', { method: 'POST', headers, body });
    const structured = await taskEvent('updated', {
      pubsubname: 'ripple-pubsub',
      topic: 'task-events',
      data: { id: 'not-a-uuid' },
    });
    const answer = await send(
      { 'content-type': 'application/cloudevents+json' },
      JSON.stringify(structured),
    );
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ title: 'Unprocessable event' });
    expect((await send(binaryEvent(structured).headers, binaryEvent(structured).body)).status).toBe(
      400,
    );
    // A good event still goes through.
    const good = await taskEvent('created', { pubsubname: 'ripple-pubsub', topic: 'task-events' });
    expect(await asJson(await send(binaryEvent(good).headers, binaryEvent(good).body))).toEqual({
      status: 200,
      body: { status: 'SUCCESS', outcome: 'processed' },
    });
    await app.close();
    expect(await auditRows(structured.id)).toEqual([]);
    expect(await auditRows(good.id)).toHaveLength(1);
  });

  /**
   * A refusal as each deployment needs it: 400 problem+json (KafkaSource and the bus dead-letter it);
   * in structured mode to an app that takes Dapr subscriptions (this one), 200 DROP, since Dapr
   * retries every 4xx but 404.
   */
  async function expectRefused(res: Response, format: string, detail: RegExp, what: string) {
    if (format === 'structured')
      return expect(await res.json(), what).toMatchObject({ status: 'DROP' });
    expect(res.status, what).toBe(400);
    expect(res.headers.get('content-type'), what).toBe('application/problem+json');
    expect(((await res.json()) as { detail: string }).detail, what).toMatch(detail);
  }

  it('refuses, in every wire format, an event without specversion 1.0 or with a time that is not a valid instant', async () => {
    const refusedAs: [string, Record<string, unknown>][] = [
      ['no specversion', { specversion: undefined }],
      ['specversion 2.0', { specversion: '2.0' }],
      ['specversion 0.3', { specversion: '0.3' }],
      ['a time that is no date', { time: 'yesterday' }],
      ['a time in year 0000', { time: '0000-01-01T00:00:00Z' }],
      ['a time without offset', { time: '2026-03-01T09:00:00' }],
      ['no time', { time: undefined }],
    ];
    for (const [why, overrides] of refusedAs) {
      const event = await taskEvent('updated', overrides);
      for (const [format, headers, body] of wireFormats(event)) {
        await expectRefused(
          await post(headers, body),
          format,
          /specversion|time|not a structured CloudEvent/,
          `${why}, ${format}`,
        );
      }
      expect(await auditRows(event.id), why).toEqual([]);
    }
    // The KafkaSource wrapper itself must be a CloudEvents 1.0 event too.
    const event = await taskEvent('updated');
    const [, wrapperHeaders, body] = wireFormats(event)[2]!;
    expect((await post({ ...wrapperHeaders, 'ce-specversion': '2.0' }, body)).status).toBe(400);
    expect(await auditRows(event.id)).toEqual([]);
    // The time an event carries is the one logged, taken to UTC.
    const offset = await taskEvent('updated', { time: '2026-03-01T10:00:00+01:00' });
    expect((await post(binaryEvent(offset).headers, binaryEvent(offset).body)).status).toBe(200);
    expect(await auditRows(offset.id)).toMatchObject([
      { occurred_at: new Date('2026-03-01T09:00:00Z') },
    ]);
  });

  it("refuses, in every wire format, an entry for a task that does not exist or is not the user's; a deleted task is still audited", async () => {
    const real = await taskEvent('updated');
    const ghostId = randomUUID();
    const ghost = {
      ...real,
      id: randomUUID(),
      subject: ghostId,
      partitionkey: ghostId,
      data: { ...real.data, id: ghostId },
    };
    const stranger = await signedInClient(env.t.app);
    const theirs = (await stranger.post('/api/tasks', { title: 'Not yours' })).body as {
      id: string;
    };
    const notTheirs = {
      ...real,
      id: randomUUID(),
      subject: theirs.id,
      partitionkey: theirs.id,
      data: { ...real.data, id: theirs.id },
    };
    // As events are written now, naming the project: one whose task says it is in another is refused too.
    const theirProject = (theirs as unknown as { project_id: string }).project_id;
    const elsewhere = {
      ...notTheirs,
      id: randomUUID(),
      projectid: (real.data as unknown as { project_id: string }).project_id,
      data: { ...notTheirs.data, project_id: theirProject },
    };
    for (const event of [ghost, notTheirs, elsewhere]) {
      for (const [format, headers, body] of wireFormats(event))
        await expectRefused(await post(headers, body), format, /has no task/, format);
      expect(await auditRows(event.id)).toEqual([]);
    }
    expect(
      await env.db.db.selectFrom('audit_log').select('id').where('task_id', '=', ghostId).execute(),
    ).toEqual([]);

    // task.deleted for a soft-deleted task: the task is still there, so its deletion is history.
    const deleted = await taskEvent('deleted');
    expect((await user.delete(`/api/tasks/${deleted.data.id}`)).status).toBe(204);
    for (const format of [0, 1, 2]) {
      const delivered = { ...deleted, id: randomUUID() };
      const [name, headers, body] = wireFormats(delivered)[format]!;
      expect(await asJson(await post(headers, body)), name).toEqual({
        status: 200,
        body: { status: 'SUCCESS', outcome: 'processed' },
      });
      expect(await auditRows(delivered.id), name).toMatchObject([
        { event_type: 'deleted', task_id: deleted.data.id },
      ]);
    }
  });

  it('takes the same event delivered many times at once exactly once', async () => {
    const event = await taskEvent('deleted');
    const { headers, body } = binaryEvent(event);
    const answers = await Promise.all(
      Array.from({ length: 8 }, async () => (await asJson(await post(headers, body))).body.outcome),
    );
    expect(answers.filter((a) => a === 'processed')).toHaveLength(1);
    expect(answers.filter((a) => a === 'duplicate')).toHaveLength(7);
    expect(await auditRows(event.id)).toHaveLength(1);
  });

  it('lists its subscription for a Dapr-subscription deployment', async () => {
    const res = await client(env.t.app).get('/dapr/subscribe');
    expect(res.body).toContainEqual({
      pubsubname: 'ripple-pubsub',
      topic: 'task-events',
      route: '/events/audit-writer',
    });
  });

  it('lists none when DAPR_SUBSCRIBE=false, as in the cluster, where KafkaSources deliver', async () => {
    const app = createTestApp(env.db, { env: { DAPR_SUBSCRIBE: 'false' } });
    expect((await client(app.app).get('/dapr/subscribe')).body).toEqual([]);
    await app.close();
  });

  it('answers 503 with Retry-After when its database is out of reach, so the sender retries', async () => {
    const unreachable = connectDb({
      url: 'postgres://ripple:x@127.0.0.1:1/none',
      poolMax: 1,
      statementTimeoutMs: 1000,
    });
    const event = await taskEvent('created');
    const { headers, body } = binaryEvent(event);
    const app = createTestApp({ ...env.db, db: unreachable }).app;
    const res = await app.request('/events/audit-writer', { method: 'POST', headers, body });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    await unreachable.destroy();
    // Once reachable, the same event is processed.
    expect(await asJson(await post(headers, body))).toMatchObject({
      status: 200,
      body: { outcome: 'processed' },
    });
  });
});

describe('audit-writer and tasks that move', () => {
  it('files an event under the project it names, even when its task has moved on before it arrived', async () => {
    const mover = await signedInClient(env.t.app);
    const { body: project } = await mover.post('/api/projects', { name: 'Elsewhere' });
    const { body: task } = await mover.post('/api/tasks', { title: 'Moves at once' });
    const { body: moved } = await mover.patch(`/api/tasks/${task.id}`, { project_id: project.id });
    const created = {
      specversion: '1.0',
      id: randomUUID(),
      source: '/ripple/tasks',
      type: 'dev.ripple.task.created',
      subject: task.id,
      time: '2026-03-01T09:00:00.000Z',
      datacontenttype: 'application/json',
      partitionkey: task.id,
      userid: mover.user.id,
      projectid: task.project_id,
      data: task,
    };
    const res = await post(binaryEvent(created).headers, binaryEvent(created).body);
    expect(res.status).toBe(200);
    expect(await auditRows(created.id)).toMatchObject([
      { event_type: 'created', project_id: task.project_id },
    ]);
    expect(moved.project_id).toBe(project.id);
  });
});

describe('audit-writer takes a batch from the bus (application/cloudevents-batch+json)', () => {
  it.each([
    ['naming their project (one statement)', true],
    ['from before projects (one transaction)', false],
  ])(
    'applies a batch of events %s whole: each entry once, in order; another type left alone; the same batch again has no effect',
    async (_, named) => {
      const events = [
        await taskEvent('created'),
        await taskEvent('updated'),
        await taskEvent('completed'),
      ].map((e) => (named ? { ...e, projectid: e.data.project_id } : e));
      const other = {
        ...events[0],
        id: randomUUID(),
        type: 'dev.ripple.notification.created',
        data: { any: 'thing' },
      };
      const batch = batchMessage([...events, other]);
      expect(await asJson(await post(batch.headers, batch.body))).toEqual({
        status: 200,
        body: {
          status: 'SUCCESS',
          outcome: 'processed',
          outcomes: ['processed', 'processed', 'processed', 'ignored'],
        },
      });
      expect(await asJson(await post(batch.headers, batch.body))).toEqual({
        status: 200,
        body: {
          status: 'SUCCESS',
          outcome: 'duplicate',
          outcomes: ['duplicate', 'duplicate', 'duplicate', 'ignored'],
        },
      });
      const rows = await Promise.all(events.map((e) => auditRows(e.id)));
      expect(rows.map((r) => r.map((row) => row.event_type))).toEqual([
        ['created'],
        ['updated'],
        ['completed'],
      ]);
      // Written in the order sent: entry ids are UUIDv7, taken one after another.
      const ids = rows.map((r) => r[0]!.id);
      expect(ids.toSorted()).toEqual(ids);
    },
  );

  it('takes nothing of a batch holding an event it can never process; sent one at a time, the good one is taken', async () => {
    const good = await taskEvent('created');
    const bad = await taskEvent('created', { id: randomUUID(), data: { not: 'a task' } });
    const batch = batchMessage([good, bad]);
    const answer = await asJson(await post(batch.headers, batch.body));
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toMatch(new RegExp(`event ${bad.id}.*one at a time`));
    expect(await auditRows(good.id)).toHaveLength(0);
    const one = binaryEvent(good);
    expect((await asJson(await post(one.headers, one.body))).body.outcome).toBe('processed');
    const other = binaryEvent(bad);
    expect((await post(other.headers, other.body)).status).toBe(400);
    expect(await auditRows(good.id)).toHaveLength(1);
  });
});
