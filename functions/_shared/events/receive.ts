import type { CloudEvent as SdkEvent, CloudEventV1 } from 'cloudevents';
import { INSTANT_RANGE, Instant } from '../schemas/common.js';
import { cloudevents } from './cloudevents-sdk.js';

/** What arrived, whichever way it came, with any wrapping taken off. */
export interface ReceivedEvent {
  id: string;
  type: string;
  source: string;
  subject: string | undefined;
  /** When it happened, as it was sent; undefined when it was sent without a time. */
  time: Date | undefined;
  data: unknown;
  /** Every attribute, extensions included (`userid`, `partitionkey`, Dapr's `pubsubname`, ...). */
  attributes: Record<string, unknown>;
}

/** How the request carried its event: attributes in `ce-*` headers, or the whole event as JSON. */
export type DeliveryMode = 'binary' | 'structured';

/**
 * The request's content mode, read from its headers alone (so it is known even when the body is not
 * a readable event). A Dapr subscription always delivers structured mode; KafkaSource and the bus
 * always binary. Which attributes the event carries says nothing about who delivered it: a record
 * Dapr's pubsub.kafka wrote carries `pubsubname` and `topic`, and KafkaSource delivers it with them.
 */
export function deliveryMode(headers: Record<string, string>): DeliveryMode {
  const contentType = (headers['content-type'] ?? '').toLowerCase();
  return contentType.startsWith('application/cloudevents') && !headers['ce-specversion']
    ? 'structured'
    : 'binary';
}

/** CloudEvents' batched content mode: a JSON array of structured events (what the bus sends a consumer). */
export const BATCH_CONTENT_TYPE = 'application/cloudevents-batch+json';

export const isBatch = (headers: Record<string, string>) =>
  (headers['content-type'] ?? '').toLowerCase().startsWith(BATCH_CONTENT_TYPE);

/** The request does not hold a CloudEvent we can read; sending it again will not change that. */
export class UnreadableEvent extends Error {
  override name = 'UnreadableEvent';
}

/** KafkaSource's type for a Kafka record that was not itself a CloudEvent; its data is the record. */
export const KAFKA_RECORD_TYPE = 'dev.knative.kafka.event';
/** Dapr's type when it wrapped a payload of its own making. */
const DAPR_WRAPPED_TYPE = 'com.dapr.event.sent';

type AnyEvent = SdkEvent<unknown> & Record<string, unknown>;

/**
 * Reads a CloudEvent from an HTTP request in any of the forms Ripple's consumers receive: binary mode
 * (KafkaSource, the embedded bus), structured mode (a Dapr subscription), or a KafkaSource wrapper
 * (`dev.knative.kafka.event`) whose data is a structured event, such as the envelope Dapr wrote to
 * Kafka. Throws UnreadableEvent for anything else.
 */
export async function receiveEvent(
  headers: Record<string, string>,
  body: string | Record<string, unknown>,
): Promise<ReceivedEvent> {
  const { HTTP, CloudEvent } = await cloudevents();
  let event: AnyEvent;
  try {
    const read = withoutStacks(
      () => HTTP.toEvent({ headers, body }) as SdkEvent<unknown> | SdkEvent<unknown>[],
    );
    if (Array.isArray(read))
      throw new UnreadableEvent('a batch of CloudEvents is read by receiveBatch');
    read.validate();
    event = read as unknown as AnyEvent;
  } catch (err) {
    throw err instanceof UnreadableEvent
      ? err
      : new UnreadableEvent(`not a readable CloudEvent: ${describe(err)}`);
  }
  let time = checkSent(sentAttributes(headers, body));
  for (
    let depth = 0;
    depth < 2 && (event.type === KAFKA_RECORD_TYPE || event.type === DAPR_WRAPPED_TYPE);
    depth++
  ) {
    const inner = innerEvent(event.data);
    if (!inner) {
      if (event.type === KAFKA_RECORD_TYPE)
        throw new UnreadableEvent('the Kafka record in this event is not a structured CloudEvent');
      break;
    }
    time = checkSent(inner);
    try {
      const unwrapped = new CloudEvent(inner as CloudEventV1<unknown>, false);
      unwrapped.validate();
      event = unwrapped as unknown as AnyEvent;
    } catch (err) {
      throw new UnreadableEvent(`the wrapped CloudEvent is not valid: ${describe(err)}`);
    }
  }
  const { id, type, source, subject, data, ...rest } = event.toJSON() as AnyEvent;
  return {
    id,
    type,
    source,
    subject,
    time,
    data,
    attributes: { id, type, source, subject, ...rest, time: time?.toISOString() },
  };
}

/**
 * Runs the SDK's reading without stack traces on the errors it makes. Its parsers make each error they
 * might throw before checking (`isStringOrObjectOrThrow(payload, new ValidationError(…))`): three per
 * event read, each capturing a stack, ~60 % of reading an event (17 µs against 7, measured) and 3 % of the
 * embedded process's CPU under load. What it throws is read for its message only (UnreadableEvent).
 */
function withoutStacks<T>(read: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return read();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * Reads a batch (`application/cloudevents-batch+json`): each event as receiveEvent reads one sent in
 * structured mode. Throws UnreadableEvent when the body, or any event in it, cannot be read.
 */
export async function receiveBatch(body: string): Promise<ReceivedEvent[]> {
  let sent: unknown;
  try {
    sent = JSON.parse(body);
  } catch (err) {
    throw new UnreadableEvent(`not a readable batch of CloudEvents: ${describe(err)}`);
  }
  if (!Array.isArray(sent) || sent.length === 0)
    throw new UnreadableEvent(
      'a batch of CloudEvents is a JSON array of at least one structured event',
    );
  const headers = { 'content-type': 'application/cloudevents+json' };
  const isObject = (event: unknown): event is Record<string, unknown> =>
    !!event && typeof event === 'object' && !Array.isArray(event);
  if (!sent.every(isObject))
    throw new UnreadableEvent('each event of a batch is a structured CloudEvent: a JSON object');
  // Each event as parsed with the batch: not written out and read again.
  return Promise.all(sent.map((event) => receiveEvent(headers, event)));
}

/**
 * The `specversion` and `time` as they were sent. The SDK fills in what is missing or unreadable (a
 * missing specversion becomes 1.0, a missing or invalid time becomes now), so they are read again from
 * the request: from the body in structured mode, from the `ce-` headers in binary mode.
 */
function sentAttributes(
  headers: Record<string, string>,
  body: string | Record<string, unknown>,
): Record<string, unknown> {
  const header = (name: string) =>
    Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  if ((header('content-type') ?? '').toLowerCase().startsWith('application/cloudevents')) {
    if (typeof body !== 'string') return body;
    try {
      const sent: unknown = JSON.parse(body);
      return sent && typeof sent === 'object' ? (sent as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
  return { specversion: header('ce-specversion'), time: header('ce-time') };
}

/** Refuses a specversion other than 1.0 (the only one Ripple speaks) and a time that is no RFC 3339 instant Ripple stores. */
function checkSent(sent: Record<string, unknown>): Date | undefined {
  if (sent.specversion === undefined)
    throw new UnreadableEvent('the event has no specversion; CloudEvents 1.0 requires one');
  if (sent.specversion !== '1.0')
    throw new UnreadableEvent(
      `specversion ${JSON.stringify(sent.specversion)} is not supported; only 1.0 is`,
    );
  if (sent.time === undefined) return undefined;
  const time = Instant.safeParse(sent.time);
  if (!time.success)
    throw new UnreadableEvent(
      `its time ${JSON.stringify(sent.time)} is not an RFC 3339 timestamp between ${INSTANT_RANGE.from} and ${INSTANT_RANGE.to}`,
    );
  return time.data;
}

/** A wrapped record as an object, if it is a structured CloudEvent (JSON text, bytes or already parsed). */
function innerEvent(data: unknown): Record<string, unknown> | null {
  let value = data;
  if (value instanceof Uint8Array) value = Buffer.from(value).toString('utf8');
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  return typeof record.specversion === 'string' &&
    typeof record.id === 'string' &&
    typeof record.type === 'string'
    ? record
    : null;
}

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));
