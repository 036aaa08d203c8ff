// The wire formats of the cluster's event path, Dapr -> Kafka -> KafkaSource -> consumer, as the
// upstream code writes and reads them (read 2026-12-01):
// - dapr/dapr's publish API takes a CloudEvent (Content-Type application/cloudevents+json), adds
//   `pubsubname`, `topic`, `traceid`, `traceparent` and `tracestate`, and hands the envelope to the
//   component with the request's `metadata.*` query parameters;
// - dapr/components-contrib common/component/kafka/producer.go writes it as the record value, takes the
//   record key from the `partitionKey` metadata and makes every metadata entry a record header (the
//   key's included);
// - eventing-kafka-broker's dispatcher reads a record with the CloudEvents Kafka binding (binary:
//   ce_* headers; structured: content-type application/cloudevents...), wraps any other record as a
//   `dev.knative.kafka.event`, and POSTs the event in binary mode to the sink; it retries 5xx, 404,
//   408, 409, 429 and unreachable sinks (delivery.retry times, exponential backoff) and sends any
//   other failure, or the last, to the dead-letter sink with knativeerror* extensions.
import { randomBytes } from 'node:crypto';
import { CloudEvent, HTTP, Kafka, type CloudEventV1 } from 'cloudevents';

export interface KafkaRecord {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  headers: Record<string, string>;
  value: string;
}

/** What the function sent its sidecar: POST /v1.0/publish/<pubsub>/<topic>?metadata.<k>=<v>, a CloudEvent body. */
export interface PublishRequest {
  url: URL;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let offset = 0;

/** The Kafka record Dapr's pubsub.kafka writes for one publish request of the app. */
export function daprKafkaRecord(request: PublishRequest, partition = 0): KafkaRecord {
  const [, , , pubsubname, topic] = request.url.pathname.split('/');
  if (!pubsubname || !topic) throw new Error(`not a publish request: ${request.url.pathname}`);
  if (!String(request.headers['content-type']).startsWith('application/cloudevents+json'))
    throw new Error('Dapr would wrap a non-CloudEvent body in an envelope of its own');
  const metadata = Object.fromEntries(
    [...request.url.searchParams]
      .filter(([k]) => k.startsWith('metadata.'))
      .map(([k, v]) => [k.slice('metadata.'.length), v]),
  );
  const traceparent = `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
  const envelope = {
    ...JSON.parse(request.body),
    pubsubname,
    topic,
    traceid: traceparent,
    traceparent,
    tracestate: '',
  };
  return {
    topic,
    partition,
    offset: offset++,
    key: metadata.partitionKey ?? null,
    headers: metadata,
    value: JSON.stringify(envelope),
  };
}

/** A record produced straight to the topic by anything else (no CloudEvents headers). */
export function plainRecord(topic: string, value: string, key: string | null = null): KafkaRecord {
  return { topic, partition: 0, offset: offset++, key, headers: {}, value };
}

/** The event the dispatcher sends for a record: decoded with the CloudEvents Kafka binding, or wrapped. */
export function dispatcherEvent(
  record: KafkaRecord,
  source: { namespace: string; name: string },
): CloudEvent<unknown> {
  const message = {
    headers: record.headers,
    key: record.key ?? '',
    value: record.value,
    body: record.value,
  };
  if (Kafka.isEvent(message)) return Kafka.toEvent(message) as CloudEvent<unknown>;
  return new CloudEvent<unknown>({
    id: `partition:${record.partition}/offset:${record.offset}`,
    source: `/apis/v1/namespaces/${source.namespace}/kafkasources/${source.name}#${record.topic}`,
    type: 'dev.knative.kafka.event',
    subject: `partition:${record.partition}#${record.offset}`,
    ...(record.key ? { key: record.key } : {}),
    data: record.value,
  } as CloudEventV1<unknown>);
}

export type Decision = 'delivered' | 'retry' | 'dead-letter';

/** What the dispatcher does with a sink's answer (`null`: the sink could not be reached). */
export function decide(status: number | null): Decision {
  if (status !== null && status >= 200 && status < 300) return 'delivered';
  if (status === null || status >= 500 || [404, 408, 409, 429].includes(status)) return 'retry';
  return 'dead-letter';
}

/** POSTs an event in binary mode; the answer's status and body, or null when nothing answered. */
export async function sendBinary(
  url: string,
  event: CloudEvent<unknown>,
): Promise<{ status: number | null; body: string; headers: Record<string, string> }> {
  const { headers, body } = HTTP.binary(event);
  const sent = Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)]),
  );
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: sent,
      body: body as string,
      signal: AbortSignal.timeout(10_000),
    });
    return { status: res.status, body: await res.text(), headers: sent };
  } catch {
    return { status: null, body: '', headers: sent };
  }
}

export interface Delivery {
  sink: string;
  deadLetterSink: string;
  /** delivery.retry of the KafkaSource. */
  retry: number;
  /** The first backoff of `backoffPolicy: exponential` (doubling after each attempt). */
  backoffMs: number;
  /** Called after each failed attempt (1, 2, ...), before the wait for the next. */
  afterAttempt?: (attempt: number, status: number | null) => Promise<void> | void;
}

/** One record through the dispatcher: attempts, then the dead-letter sink if it must. */
export async function dispatch(
  record: KafkaRecord,
  source: { namespace: string; name: string },
  delivery: Delivery,
) {
  const event = dispatcherEvent(record, source);
  const statuses: (number | null)[] = [];
  let last = { status: null as number | null, body: '' };
  for (let attempt = 1; attempt <= 1 + delivery.retry; attempt++) {
    last = await sendBinary(delivery.sink, event);
    statuses.push(last.status);
    const decision = decide(last.status);
    if (decision === 'delivered') return { outcome: 'delivered' as const, statuses, event };
    if (decision === 'dead-letter') break;
    await delivery.afterAttempt?.(attempt, last.status);
    if (attempt <= delivery.retry)
      await new Promise((resolve) => setTimeout(resolve, delivery.backoffMs * 2 ** (attempt - 1)));
  }
  const failed = event.cloneWith({
    knativeerrorcode: String(last.status ?? ''),
    knativeerrordest: delivery.sink,
    ...(last.body ? { knativeerrordata: Buffer.from(last.body).toString('base64') } : {}),
  } as Partial<CloudEventV1<unknown>>);
  const dead = await sendBinary(delivery.deadLetterSink, failed);
  return {
    outcome: decide(dead.status) === 'delivered' ? ('dead-lettered' as const) : ('lost' as const),
    statuses,
    event,
  };
}
