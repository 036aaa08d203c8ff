import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { binaryEvent } from '../../../test/support/events.js';
import {
  BATCH_CONTENT_TYPE,
  deliveryMode,
  isBatch,
  KAFKA_RECORD_TYPE,
  receiveBatch,
  receiveEvent,
  UnreadableEvent,
} from './receive.js';

const event = (extra: Record<string, unknown> = {}) => ({
  specversion: '1.0',
  id: randomUUID(),
  source: '/ripple/tasks',
  type: 'dev.ripple.task.created',
  time: '2026-03-01T09:00:00.000Z',
  datacontenttype: 'application/json',
  userid: randomUUID(),
  data: { id: 'x' },
  ...extra,
});
// What Dapr adds to an event it publishes to Kafka.
const daprAttributes = {
  pubsubname: 'ripple-pubsub',
  topic: 'task-events',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  tracestate: '',
};

describe('deliveryMode: how the request carried its event, from its headers alone', () => {
  it('is structured for application/cloudevents+json (a Dapr subscription), binary for ce-* headers (KafkaSource, the bus)', () => {
    expect(deliveryMode({ 'content-type': 'application/cloudevents+json; charset=utf-8' })).toBe(
      'structured',
    );
    expect(deliveryMode(binaryEvent(event(daprAttributes)).headers)).toBe('binary');
    expect(deliveryMode({ 'content-type': 'application/json' })).toBe('binary');
    expect(deliveryMode({})).toBe('binary');
  });

  it("does not follow the event's attributes: a Dapr-written record delivered by KafkaSource is binary", async () => {
    const { headers, body } = binaryEvent(event(daprAttributes));
    expect(deliveryMode(headers)).toBe('binary');
    const received = await receiveEvent(headers, body);
    // The attributes arrive (so they are there to log), and they do not make it a Dapr delivery.
    expect(received.attributes).toMatchObject({
      pubsubname: 'ripple-pubsub',
      topic: 'task-events',
    });
    expect(received).not.toHaveProperty('fromDapr');
  });
});

describe('receiveEvent', () => {
  it('reads binary mode, structured mode and a KafkaSource wrapper to the same event', async () => {
    const e = event(daprAttributes);
    const binary = await receiveEvent(binaryEvent(e).headers, binaryEvent(e).body);
    const structured = await receiveEvent(
      { 'content-type': 'application/cloudevents+json' },
      JSON.stringify(e),
    );
    const wrapper = binaryEvent({
      specversion: '1.0',
      id: 'partition:0/offset:1',
      source: '/kafkasource',
      type: KAFKA_RECORD_TYPE,
    });
    delete wrapper.headers['content-type'];
    const wrapped = await receiveEvent(wrapper.headers, JSON.stringify(e));
    for (const r of [binary, structured, wrapped])
      expect(r).toMatchObject({
        id: e.id,
        type: e.type,
        data: e.data,
        attributes: { userid: e.userid },
      });
  });

  it('throws UnreadableEvent for what is no CloudEvent, or a wrapper around no CloudEvent', async () => {
    await expect(
      receiveEvent({ 'content-type': 'application/json' }, '{"hello":"world"}'),
    ).rejects.toBeInstanceOf(UnreadableEvent);
    const wrapper = binaryEvent({
      specversion: '1.0',
      id: 'p:0/o:2',
      source: '/kafkasource',
      type: KAFKA_RECORD_TYPE,
    });
    await expect(receiveEvent(wrapper.headers, '{"not":"an event"}')).rejects.toThrow(
      /not a structured CloudEvent/,
    );
  });

  it("says what the SDK found wrong, and leaves the process's stack traces as they were", async () => {
    const limit = Error.stackTraceLimit;
    await expect(
      receiveEvent(
        { 'content-type': 'application/cloudevents+json' },
        JSON.stringify({ specversion: '1.0', id: 'x', type: 'a.b' }),
      ),
    ).rejects.toThrow(/not a readable CloudEvent: .*source/s);
    await expect(
      receiveEvent({ 'content-type': 'application/cloudevents+json' }, '{"specversion":'),
    ).rejects.toBeInstanceOf(UnreadableEvent);
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('after').stack?.split('\n').length).toBeGreaterThan(1);
  });
});

describe('receiveBatch', () => {
  it('reads a batch (application/cloudevents-batch+json) event by event, as the CloudEvents SDK reads the same body', async () => {
    const events = [event(), event({ type: 'dev.ripple.task.updated' }), event(daprAttributes)];
    const body = JSON.stringify(events);
    const received = await receiveBatch(body);
    expect(received.map((r) => [r.id, r.type, r.data])).toEqual(
      events.map((e) => [e.id, e.type, e.data]),
    );
    const { HTTP } = await import('cloudevents');
    const sdk = HTTP.toEvent({ headers: { 'content-type': BATCH_CONTENT_TYPE }, body }) as {
      id: string;
      type: string;
    }[];
    expect(sdk.map((e) => [e.id, e.type])).toEqual(received.map((r) => [r.id, r.type]));
    expect(isBatch({ 'content-type': `${BATCH_CONTENT_TYPE}; charset=utf-8` })).toBe(true);
    expect(isBatch({ 'content-type': 'application/cloudevents+json' })).toBe(false);
  });

  it('refuses a body that is no array of events, or that holds one unreadable event', async () => {
    await expect(receiveBatch('{}')).rejects.toBeInstanceOf(UnreadableEvent);
    await expect(receiveBatch('[]')).rejects.toBeInstanceOf(UnreadableEvent);
    await expect(
      receiveBatch(JSON.stringify([event(), { hello: 'world' }])),
    ).rejects.toBeInstanceOf(UnreadableEvent);
    await expect(receiveBatch(JSON.stringify([event({ specversion: '0.3' })]))).rejects.toThrow(
      /specversion/,
    );
    await expect(receiveBatch(JSON.stringify([event(), 'an event']))).rejects.toThrow(
      /JSON object/,
    );
    await expect(receiveBatch(JSON.stringify([[event()]]))).rejects.toBeInstanceOf(UnreadableEvent);
    await expect(receiveBatch(JSON.stringify([event({ time: 'yesterday' })]))).rejects.toThrow(
      /RFC 3339/,
    );
  });

  it('reads each event of a batch exactly as the same event sent alone in structured mode', async () => {
    const sent = [event(daprAttributes), event({ subject: 'a-task', time: undefined })];
    const inBatch = await receiveBatch(JSON.stringify(sent));
    const alone = await Promise.all(
      sent.map((e) =>
        receiveEvent({ 'content-type': 'application/cloudevents+json' }, JSON.stringify(e)),
      ),
    );
    expect(inBatch).toEqual(alone);
    expect(inBatch[1]!.time).toBeUndefined();
  });
});
