import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { createBusPublisher, type BusTarget, type EventMessage } from './bus-publisher.js';
import { receiveBatch, receiveEvent } from './receive.js';

const TYPE = 'dev.ripple.task.created';
const message = (task: string, n: number) => ({
  topic: 'task-events',
  partitionKey: task,
  event: {
    specversion: '1.0',
    id: randomUUID(),
    source: '/ripple/tasks',
    type: TYPE,
    subject: task,
    time: '2026-03-01T09:00:00.000Z',
    datacontenttype: 'application/json',
    data: { n },
  },
});

/** A consumer that records what it was sent, as it reads it (batches and single events alike). */
function recorder(name: string, batches: boolean, answer = () => 200) {
  const requests: { batch: boolean; events: { subject: string | undefined; n: number }[] }[] = [];
  const target: BusTarget = {
    consumer: name,
    topics: ['task-events'],
    types: [TYPE],
    batches,
    async send({ headers, body }: EventMessage) {
      const batch = headers['content-type']!.startsWith('application/cloudevents-batch+json');
      const events = batch ? await receiveBatch(body) : [await receiveEvent(headers, body)];
      requests.push({
        batch,
        events: events.map((e) => ({ subject: e.subject, n: (e.data as { n: number }).n })),
      });
      return new Response('{}', { status: answer() });
    },
  };
  return { target, requests };
}

describe('the bus publishing a batch', () => {
  it('sends a consumer that batches its share in one request, and one that does not each event alone, each task in order', async () => {
    const batching = recorder('audit-writer', true);
    const single = recorder('recurrence', false);
    const bus = createBusPublisher([batching.target, single.target], {
      logger: createLogger('silent'),
    });
    const messages = [
      message('a', 1),
      message('b', 1),
      message('a', 2),
      message('c', 1),
      message('b', 2),
    ];
    expect(await bus.publishBatch!(messages)).toBe(true);
    expect(batching.requests).toEqual([
      {
        batch: true,
        events: messages.map((m) => ({ subject: m.partitionKey, n: m.event.data.n })),
      },
    ]);
    expect(single.requests.every((r) => !r.batch && r.events.length === 1)).toBe(true);
    const of = (task: string) =>
      single.requests
        .flatMap((r) => r.events)
        .filter((e) => e.subject === task)
        .map((e) => e.n);
    expect([of('a'), of('b'), of('c')]).toEqual([[1, 2], [1, 2], [1]]);
  });

  it('answers false when a consumer does not take its batch, so that the relay sends the events one at a time', async () => {
    const refusing = recorder('stream-writer', true, () => 415);
    const bus = createBusPublisher([refusing.target], { logger: createLogger('silent') });
    expect(await bus.publishBatch!([message('a', 1), message('a', 2)])).toBe(false);
    const failing = recorder('recurrence', false, () => 503);
    const other = createBusPublisher([failing.target], {
      logger: createLogger('silent'),
      retryDelaysMs: [],
    });
    expect(await other.publishBatch!([message('a', 1), message('a', 2)])).toBe(false);
    // Its task stopped at the first event not taken.
    expect(failing.requests.map((r) => r.events[0]!.n)).toEqual([1]);
  });
});
