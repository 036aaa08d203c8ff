import { Hono, type Context } from 'hono';
import type * as z from 'zod';
import type { Deps } from '../deps.js';
import type { Tx } from '../db/database.js';
import { recordProcessed, recordProcessedAhead } from '../db/processed-events.js';
import { Problem } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { isTransient, problemResponse } from '../http/problem-response.js';
import { Id } from '../schemas/common.js';
import { inSpan } from '../tracing.js';
import { eventRoute } from './catalog.js';
import {
  deliveryMode,
  isBatch,
  receiveBatch,
  receiveEvent,
  UnreadableEvent,
  type ReceivedEvent,
} from './receive.js';
import { writeWithEvents, type RecordEvents } from './write-with-events.js';

/** An event as a consumer's `handle` sees it: read, unwrapped, its data validated. */
export interface ConsumedEvent<T> {
  id: string;
  type: string;
  source: string;
  subject: string | undefined;
  time: Date;
  /** The `userid` extension: who did it, or whom a system event is for (every Ripple event carries it). */
  userId: string;
  /** The `projectid` extension: the project an event about a project's task or the project belongs to. */
  projectId: string | undefined;
  /** The `movedfrom` extension: the project a task just left. */
  movedFrom: string | undefined;
  data: T;
}

/** Whether each event was processed now or had been, in order. */
export type Outcomes = ('processed' | 'duplicate')[];

/** What every consumer says: which events it takes, and what their data must be. */
interface ConsumerCore<T> {
  /** Event types it acts on; any other type on its topics is acknowledged and left alone. */
  types: readonly string[];
  data: z.ZodType<T>;
}

/** A consumer whose effect runs in the transaction that also records its events as processed. */
export interface TransactionalConsumer<T> extends ConsumerCore<T> {
  /**
   * The effect, inside the transaction that also records the event as processed. Events it records
   * commit with it and are published after, like a function's.
   */
  handle(event: ConsumedEvent<T>, tx: Tx, deps: Deps, record: RecordEvents): Promise<void>;
  /**
   * The effect of a batch's new events, in order, in one transaction; when absent, `handle` for each.
   * For a consumer whose effects lock shared rows: it takes them in one order, whatever the batch.
   */
  handleBatch?(
    events: readonly ConsumedEvent<T>[],
    tx: Tx,
    deps: Deps,
    record: RecordEvents,
  ): Promise<void>;
  /**
   * The same effect for events (one, or a batch's of its types), recording included, as one statement:
   * one round trip instead of a transaction of several. Undefined when these events need `handle` after
   * all. Refuses an event as `handle` would (UnprocessableEvent).
   */
  once?(
    events: readonly ConsumedEvent<T>[],
    deps: Deps,
    consumer: string,
  ): Promise<Outcomes | undefined>;
}

/**
 * A consumer whose whole effect, recording included, is always one statement of its own (one round
 * trip, its own transaction), for one event or a batch's. An event sent twice in one batch has its
 * effect once (the second is a duplicate).
 */
export interface StatementConsumer<T> extends ConsumerCore<T> {
  once(events: readonly ConsumedEvent<T>[], deps: Deps, consumer: string): Promise<Outcomes>;
}

/** A consumer's core: which events it takes, what their data must be, and its effect. */
export type Consumer<T> = TransactionalConsumer<T> | StatementConsumer<T>;

/** Thrown by a consumer for an event it can never process: answered 4xx, not retried. */
export class UnprocessableEvent extends Error {
  override name = 'UnprocessableEvent';
}

// Data that PostgreSQL refuses for what it is (class 22: data exception; 23: integrity violation):
// the same event will be refused again, so retrying it would only block its partition.
const isPermanentSqlError = (err: unknown) =>
  /^2[23]/.test(String((err as { code?: unknown } | null)?.code ?? ''));

/** An event that will never be processed, however often it is sent. */
const isRefusal = (err: unknown) =>
  err instanceof UnreadableEvent || err instanceof UnprocessableEvent || isPermanentSqlError(err);

type Outcome = 'processed' | 'duplicate' | 'ignored';

/**
 * The shared adapter that turns any HTTP CloudEvent into one call of `consumer.handle`, and its
 * outcome into the answer: 200 when processed, already processed (a redelivery) or not for this
 * consumer; 400 for an event it can never process (KafkaSource's dispatcher and the bus do not retry
 * it, and the dispatcher sends it to the dead-letter sink); 503/500 for a failure that may pass, so the
 * sender retries. Only where this deployment takes Dapr subscriptions (`DAPR_SUBSCRIBE`) and the event
 * came in structured mode, as Dapr delivers, is a refusal 200 `{"status":"DROP"}`: Dapr retries every
 * 4xx but 404. Never decided by the event's attributes: a record Dapr wrote to Kafka carries
 * `pubsubname` all the way through KafkaSource, and a DROP there would be a dead letter lost. A batch
 * (`application/cloudevents-batch+json`, from the bus) is taken whole, in one transaction (takeBatch).
 */
export function consumerApp<T>(name: string, consumer: Consumer<T>, deps: Deps): Hono<AppEnv> {
  return new Hono<AppEnv>().post(eventRoute(name), async (c) => {
    const headers = Object.fromEntries(c.req.raw.headers);
    if (isBatch(headers)) return takeBatch(c, name, consumer, deps);
    let received: ReceivedEvent | undefined;
    const daprSubscription = deps.config.DAPR_SUBSCRIBE && deliveryMode(headers) === 'structured';
    try {
      received = await receiveEvent(headers, await c.req.text());
      const event = consumedBy(consumer, received);
      if (!event) return answer(c, 'ignored', received, deps, name);
      // A span in the event's trace (under the request that delivered it, when that carried the trace).
      const attributes = {
        'messaging.message.id': event.id,
        'cloudevents.event_type': event.type,
        'ripple.consumer': name,
      };
      const outcome = await inSpan(
        `${name} process`,
        { kind: 'consumer', parent: received.attributes, preferActive: true, attributes },
        async (span) => {
          const outcome = (await outcomesOf(name, consumer, [event], deps))[0]!;
          span?.setAttribute('ripple.outcome', outcome);
          return outcome;
        },
      );
      return answer(
        c,
        outcome,
        received,
        deps,
        name,
        (deps.clock.now().getTime() - event.time.getTime()) / 1000,
      );
    } catch (err) {
      const refused = isRefusal(err);
      deps.metrics.consumed(name, refused ? 'refused' : 'failed');
      if (refused) {
        c.var.log.error(
          { err, consumer: name, eventId: received?.id, type: received?.type },
          'event refused: it can never be processed',
        );
        if (daprSubscription) return c.json({ status: 'DROP', detail: (err as Error).message });
        return problemResponse(
          c,
          new Problem(400, { title: 'Unprocessable event', detail: (err as Error).message }),
        );
      }
      if (isTransient(err)) throw err;
      c.var.log.error(
        { err, consumer: name, eventId: received?.id },
        'consumer failed; the event will be retried',
      );
      return problemResponse(
        c,
        new Problem(500, {
          title: 'Internal Server Error',
          detail: 'The event could not be processed now; retry it',
        }),
      );
    }
  });
}

/**
 * A batch (the bus's `application/cloudevents-batch+json`): every event in one transaction, in the
 * order sent, each recorded as processed in one statement, so a batch costs a few round trips rather
 * than a few per event. All or nothing: an event that cannot be processed fails the batch (4xx or 5xx,
 * as for one event), and the sender then sends its events one at a time, each answered on its own.
 */
async function takeBatch<T>(
  c: Context<AppEnv>,
  name: string,
  consumer: Consumer<T>,
  deps: Deps,
): Promise<Response> {
  try {
    const taken = (await receiveBatch(await c.req.text())).map((received) => ({
      received,
      event: consumedBy(consumer, received),
    }));
    const events = taken.flatMap((t) => (t.event ? [t.event] : []));
    const outcomes = await outcomesOf(name, consumer, events, deps);
    const now = deps.clock.now().getTime();
    let next = 0;
    const each = taken.map(({ event }): Outcome => {
      const outcome = event ? outcomes[next++]! : 'ignored';
      deps.metrics.consumed(
        name,
        outcome,
        outcome === 'processed' ? (now - event!.time.getTime()) / 1000 : undefined,
      );
      return outcome;
    });
    const outcome: Outcome = each.includes('processed')
      ? 'processed'
      : each.includes('duplicate')
        ? 'duplicate'
        : 'ignored';
    return c.json({ status: 'SUCCESS', outcome, outcomes: each });
  } catch (err) {
    if (isTransient(err)) throw err;
    // Not counted: each event is counted when it comes again on its own.
    c.var.log.warn(
      { err, consumer: name },
      'batch not taken; its events are to come one at a time',
    );
    const refused = isRefusal(err);
    return problemResponse(
      c,
      new Problem(refused ? 400 : 500, {
        title: refused ? 'Unprocessable batch' : 'Internal Server Error',
        detail: `${(err as Error).message}; send its events one at a time`,
      }),
    );
  }
}

/** The consumer's effect for events (one, or a batch's): in one statement where it has one, else in a transaction. */
async function outcomesOf<T>(
  name: string,
  consumer: Consumer<T>,
  events: readonly ConsumedEvent<T>[],
  deps: Deps,
): Promise<Outcomes> {
  if (!('handle' in consumer)) return consumer.once(events, deps, name);
  return (await consumer.once?.(events, deps, name)) ?? applyEvents(name, consumer, events, deps);
}

/**
 * Events (one, or a batch's) in one transaction, recorded in one statement: each one's outcome, in order.
 * Most events come once: the recording is sent ahead of the effect's first statement, in the same round
 * trip, and the effect is kept only if every event was new (a duplicate among them rolls it all back and
 * the events go the careful way: recorded first, the effect for the new ones alone).
 */
async function applyEvents<T>(
  name: string,
  consumer: TransactionalConsumer<T>,
  events: readonly ConsumedEvent<T>[],
  deps: Deps,
): Promise<Outcomes> {
  const distinct = new Set(events.map((e) => e.id)).size === events.length;
  return (
    (distinct && (await asAllNew(name, consumer, events, deps))) ||
    recordedFirst(name, consumer, events, deps)
  );
}

/** Thrown inside the transaction to roll back an effect had for an event processed before. */
class NotAllNew extends Error {}

/** The effect with the recording sent ahead of it; undefined (nothing kept) when an event was not new. */
async function asAllNew<T>(
  name: string,
  consumer: TransactionalConsumer<T>,
  events: readonly ConsumedEvent<T>[],
  deps: Deps,
): Promise<Outcomes | undefined> {
  try {
    return await writeWithEvents(deps, async (tx, record) => {
      const { recorded } = await recordProcessedAhead(
        tx,
        name,
        events.map((e) => e.id),
        deps.clock.now(),
      );
      const allNew = async () => (await recorded).size === events.length;
      try {
        await effect(consumer, events, tx, deps, record);
      } catch (err) {
        // A redelivery is a duplicate, whatever its effect would say now (its task gone since, say).
        if (!(await allNew())) throw new NotAllNew();
        throw err;
      }
      if (!(await allNew())) throw new NotAllNew();
      return events.map(() => 'processed' as const);
    });
  } catch (err) {
    if (err instanceof NotAllNew) return undefined;
    throw err;
  }
}

/** The events recorded first, then the effect for those not processed before. */
function recordedFirst<T>(
  name: string,
  consumer: TransactionalConsumer<T>,
  events: readonly ConsumedEvent<T>[],
  deps: Deps,
): Promise<Outcomes> {
  return writeWithEvents(deps, async (tx, record) => {
    const fresh = await recordProcessed(
      tx,
      name,
      events.map((e) => e.id),
      deps.clock.now(),
    );
    // An event sent twice in one batch has its effect once.
    const outcomes = events.map((event) => (fresh.delete(event.id) ? 'processed' : 'duplicate'));
    await effect(
      consumer,
      events.filter((_, i) => outcomes[i] === 'processed'),
      tx,
      deps,
      record,
    );
    return outcomes;
  });
}

function effect<T>(
  consumer: TransactionalConsumer<T>,
  events: readonly ConsumedEvent<T>[],
  tx: Tx,
  deps: Deps,
  record: RecordEvents,
): Promise<void> {
  if (consumer.handleBatch) return consumer.handleBatch(events, tx, deps, record);
  return events.reduce(
    (done, event) => done.then(() => consumer.handle(event, tx, deps, record)),
    Promise.resolve(),
  );
}

/** The event as the consumer's `handle` takes it; undefined for a type it does not take. Refuses data not of its shape. */
function consumedBy<T>(
  consumer: Consumer<T>,
  received: ReceivedEvent,
): ConsumedEvent<T> | undefined {
  if (!consumer.types.includes(received.type)) return undefined;
  const parsed = consumer.data.safeParse(received.data);
  if (!parsed.success)
    throw new UnprocessableEvent(
      `event ${received.id}: its data is not a valid ${received.type}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return consumed(received, parsed.data);
}

function consumed<T>(received: ReceivedEvent, data: T): ConsumedEvent<T> {
  // Ripple's events say when they happened (the audit log shows it); the receiver has refused an invalid time.
  const time = received.time;
  if (!time) throw new UnprocessableEvent('the event has no time');
  const userId = Id.safeParse(received.attributes.userid);
  if (!userId.success)
    throw new UnprocessableEvent('the event must carry its user (a UUID) in the userid extension');
  const projectId = optionalId(received, 'projectid');
  const movedFrom = optionalId(received, 'movedfrom');
  return {
    id: received.id,
    type: received.type,
    source: received.source,
    subject: received.subject,
    time,
    userId: userId.data,
    projectId,
    movedFrom,
    data,
  };
}

function optionalId(received: ReceivedEvent, extension: string): string | undefined {
  if (received.attributes[extension] === undefined) return undefined;
  const id = Id.safeParse(received.attributes[extension]);
  if (!id.success) throw new UnprocessableEvent(`the ${extension} extension must be a UUID`);
  return id.data;
}

/** `lagSeconds`: from the event's time to its effect, counted when it was processed. */
function answer(
  c: Context<AppEnv>,
  outcome: Outcome,
  event: ReceivedEvent,
  deps: Deps,
  consumer: string,
  lagSeconds?: number,
): Response {
  deps.metrics.consumed(consumer, outcome, outcome === 'processed' ? lagSeconds : undefined);
  c.var.log.debug({ eventId: event.id, type: event.type, outcome }, 'event consumed');
  return c.json({ status: 'SUCCESS', outcome });
}
