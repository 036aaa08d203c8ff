import type { Logger } from '../logger.js';
import { cloudevents } from './cloudevents-sdk.js';
import { inPartitionOrder, partitionOf } from './partitions.js';
import { PublishError, type OutboundEvent, type Publisher } from './publisher.js';
import { BATCH_CONTENT_TYPE } from './receive.js';

/** A binary-mode CloudEvent, ready to POST. */
export interface EventMessage {
  headers: Record<string, string>;
  body: string;
}

/** A batch of events for one consumer: a JSON array of structured CloudEvents. */
export const batchMessage = (events: readonly Record<string, unknown>[]): EventMessage => ({
  headers: { 'content-type': `${BATCH_CONTENT_TYPE}; charset=utf-8` },
  body: JSON.stringify(events),
});

/** A consumer the bus delivers to: in this process (its handler) or another (its URL). */
export interface BusTarget {
  consumer: string;
  topics: readonly string[];
  /** The event types it takes; others are not sent to it. */
  types: readonly string[];
  /** Takes a batch in one request; otherwise publishBatch sends it its events one at a time. */
  batches?: boolean;
  send(message: EventMessage): Promise<Response>;
}

export interface BusOptions {
  logger: Logger;
  /** Waits between attempts; one attempt more than there are waits. */
  retryDelaysMs?: readonly number[];
}

// As Knative's dispatcher does: these answers mean "not now", every other 4xx "never".
const RETRY_STATUS = new Set([404, 408, 409, 429]);
/** Partitions sent at once to a consumer that takes events one at a time (as the relay does). */
const PARTITIONS_AT_ONCE = 8;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The embedded publisher: delivers each event to every consumer of its topic as a binary-mode
 * CloudEvent over HTTP, as KafkaSource does in the cluster, retrying with backoff. It resolves only
 * when every consumer has taken the event, so a row is marked published only once it was delivered:
 * the outbox is the bus's durable log, and a consumer that is down delays events, never loses them.
 */
export function createBusPublisher(targets: readonly BusTarget[], options: BusOptions): Publisher {
  const delays = options.retryDelaysMs ?? [50, 250];
  const byTopic = new Map<string, BusTarget[]>();
  for (const target of targets)
    for (const topic of target.topics) byTopic.set(topic, [...(byTopic.get(topic) ?? []), target]);

  async function encode(message: OutboundEvent): Promise<EventMessage> {
    const { CloudEvent, HTTP } = await cloudevents();
    const binary = HTTP.binary(new CloudEvent(message.event, false));
    return { headers: binary.headers as Record<string, string>, body: String(binary.body) };
  }

  async function deliver(
    target: BusTarget,
    message: OutboundEvent,
    outgoing: EventMessage,
  ): Promise<void> {
    let problem = '';
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      if (attempt > 0) await sleep(delays[attempt - 1]!);
      try {
        const res = await target.send(outgoing);
        const text = await res.text();
        if (res.ok) return;
        if (res.status < 500 && !RETRY_STATUS.has(res.status)) {
          // The consumer says it can never process this event: retrying would block its partition forever.
          options.logger.error(
            {
              consumer: target.consumer,
              eventId: message.event.id,
              status: res.status,
              answer: text.slice(0, 500),
            },
            'event refused by consumer; dropped',
          );
          return;
        }
        problem = `answered ${res.status}`;
      } catch (err) {
        problem = (err as Error).message;
      }
    }
    throw new PublishError(
      `${target.consumer} did not take event ${String(message.event.id)}: ${problem}`,
    );
  }

  /** A consumer's share in one request. */
  async function sendBatch(target: BusTarget, share: readonly OutboundEvent[]): Promise<boolean> {
    try {
      const res = await target.send(batchMessage(share.map((m) => m.event)));
      const text = await res.text();
      if (res.ok) return true;
      options.logger.warn(
        {
          consumer: target.consumer,
          events: share.length,
          status: res.status,
          answer: text.slice(0, 500),
        },
        'batch not taken; sending its events one at a time',
      );
    } catch (err) {
      options.logger.warn(
        { consumer: target.consumer, events: share.length, err },
        'batch not delivered; sending its events one at a time',
      );
    }
    return false;
  }

  /** A consumer's share one event at a time: each partition in order, a few partitions side by side. */
  async function sendEach(target: BusTarget, share: readonly OutboundEvent[]): Promise<boolean> {
    const { failures } = await inPartitionOrder(
      share,
      (m) => partitionOf(m.topic, m.partitionKey),
      { atOnce: PARTITIONS_AT_ONCE, giveUpAfter: 1 },
      async (m) => deliver(target, m, await encode(m)),
    );
    return failures.length === 0;
  }

  return {
    kind: 'bus',
    handles: (topic) => byTopic.has(topic),
    async publish(message) {
      const takers = (byTopic.get(message.topic) ?? []).filter((target) =>
        target.types.includes(String(message.event.type)),
      );
      if (takers.length === 0) return;
      // Encoded once, sent to each.
      const outgoing = await encode(message);
      const results = await Promise.allSettled(
        takers.map((target) => deliver(target, message, outgoing)),
      );
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    },
    // Each consumer its share in one request (one attempt), or one event at a time to one that takes
    // no batch. False when any consumer did not take all of its share: the relay then sends them again
    // event by event.
    async publishBatch(messages) {
      const taken = await Promise.all(
        targets.map((target) => {
          const share = messages.filter(
            (m) => target.topics.includes(m.topic) && target.types.includes(String(m.event.type)),
          );
          if (share.length === 0) return true;
          return target.batches === false ? sendEach(target, share) : sendBatch(target, share);
        }),
      );
      return taken.every(Boolean);
    },
    close: async () => {},
  };
}

/** Sends to a consumer in another process at `url` (multi-process mode, or any HTTP sink). */
export const httpSender =
  (url: string, timeoutMs = 10_000): BusTarget['send'] =>
  ({ headers, body }) =>
    fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
