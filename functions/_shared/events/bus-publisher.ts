import type { Logger } from '../logger.js';
import { cloudevents } from './cloudevents-sdk.js';
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
  send(message: EventMessage): Promise<Response>;
}

export interface BusOptions {
  logger: Logger;
  /** Waits between attempts; one attempt more than there are waits. */
  retryDelaysMs?: readonly number[];
}

// As Knative's dispatcher does: these answers mean "not now", every other 4xx "never".
const RETRY_STATUS = new Set([404, 408, 409, 429]);
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
  for (const target of targets) for (const topic of target.topics) byTopic.set(topic, [...(byTopic.get(topic) ?? []), target]);

  async function deliver(target: BusTarget, message: OutboundEvent, outgoing: EventMessage): Promise<void> {
    let problem = '';
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      if (attempt > 0) await sleep(delays[attempt - 1]!);
      try {
        const res = await target.send(outgoing);
        const text = await res.text();
        if (res.ok) return;
        if (res.status < 500 && !RETRY_STATUS.has(res.status)) {
          // The consumer says it can never process this event: retrying would block its partition forever.
          options.logger.error({ consumer: target.consumer, eventId: message.event.id, status: res.status, answer: text.slice(0, 500) }, 'event refused by consumer; dropped');
          return;
        }
        problem = `answered ${res.status}`;
      } catch (err) {
        problem = (err as Error).message;
      }
    }
    throw new PublishError(`${target.consumer} did not take event ${String(message.event.id)}: ${problem}`);
  }

  return {
    kind: 'bus',
    handles: (topic) => byTopic.has(topic),
    async publish(message) {
      const takers = (byTopic.get(message.topic) ?? []).filter((target) => target.types.includes(String(message.event.type)));
      if (takers.length === 0) return;
      // Encoded once, sent to each.
      const { CloudEvent, HTTP } = await cloudevents();
      const binary = HTTP.binary(new CloudEvent(message.event, false));
      const outgoing: EventMessage = { headers: binary.headers as Record<string, string>, body: String(binary.body) };
      const results = await Promise.allSettled(takers.map((target) => deliver(target, message, outgoing)));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    },
    // Each consumer its share in one request, one attempt: a batch not taken is sent again event by event.
    async publishBatch(messages) {
      const shares = targets.flatMap((target) => {
        const share = messages.filter((m) => target.topics.includes(m.topic) && target.types.includes(String(m.event.type)));
        return share.length === 0 ? [] : [{ target, share }];
      });
      const taken = await Promise.all(
        shares.map(async ({ target, share }) => {
          try {
            const res = await target.send(batchMessage(share.map((m) => m.event)));
            const text = await res.text();
            if (res.ok) return true;
            options.logger.warn({ consumer: target.consumer, events: share.length, status: res.status, answer: text.slice(0, 500) }, 'batch not taken; sending its events one at a time');
          } catch (err) {
            options.logger.warn({ consumer: target.consumer, events: share.length, err }, 'batch not delivered; sending its events one at a time');
          }
          return false;
        }),
      );
      return taken.every(Boolean);
    },
    close: async () => {},
  };
}

/** A consumer in another process, reached at its base URL (multi-process mode, or any HTTP sink). */
export function httpTarget(consumer: string, topics: readonly string[], types: readonly string[], url: string, timeoutMs = 10_000): BusTarget {
  return {
    consumer,
    topics,
    types,
    send: ({ headers, body }) => fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) }),
  };
}
