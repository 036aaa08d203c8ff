import type * as Dapr from '@dapr/dapr';
import type { Logger } from '../logger.js';
import { PUBSUB_NAME } from './catalog.js';
import { PublishError, type Publisher } from './publisher.js';

export interface DaprOptions {
  host: string;
  port: number;
  apiToken?: string | undefined;
  logger: Logger;
  /** A publish that takes longer is counted as failed (the SDK may wait a minute for a sidecar). */
  timeoutMs?: number;
}

/** The Content-Type that tells Dapr the body is already a CloudEvent, and KafkaSource to read it as one. */
export const STRUCTURED_CLOUDEVENT = 'application/cloudevents+json';

/**
 * The cluster publisher: `@dapr/dapr` over HTTP to the sidecar, `POST /v1.0/publish/<pubsub>/<topic>`.
 * The SDK costs ~350 ms of imports, so it is loaded on the first publish, after the function has
 * answered, never at start. Its `publish` reports failure as a returned `{ error }`; a throw is
 * handled too.
 *
 * Metadata: `partitionKey` is the Kafka record key (one task's events on one partition, in order);
 * pubsub.kafka sends every other metadata entry as a Kafka record header, so `content-type` marks the
 * record as a structured CloudEvent for KafkaSource.
 */
export function createDaprPublisher(options: DaprOptions): Publisher {
  let client: Promise<Dapr.DaprClient> | undefined;
  const connect = () =>
    (client ??= import('@dapr/dapr').then((mod) => {
      const sdk = (
        'DaprClient' in mod ? mod : (mod as { default: typeof Dapr }).default
      ) as typeof Dapr;
      const log = options.logger.child({ component: 'dapr' });
      return new sdk.DaprClient({
        daprHost: options.host,
        daprPort: String(options.port),
        communicationProtocol: sdk.CommunicationProtocolEnum.HTTP,
        ...(options.apiToken ? { daprApiToken: options.apiToken } : {}),
        logger: {
          level: sdk.LogLevel.Warn,
          service: {
            error: (m: unknown) => log.warn(String(m)),
            warn: (m: unknown) => log.warn(String(m)),
            info: (m: unknown) => log.debug(String(m)),
            verbose: (m: unknown) => log.trace(String(m)),
            debug: (m: unknown) => log.trace(String(m)),
          },
        },
      });
    }));
  const timeoutMs = options.timeoutMs ?? 10_000;

  return {
    kind: 'dapr',
    handles: () => true,
    async publish({ topic, partitionKey, event }) {
      const dapr = await connect();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new PublishError(`Dapr did not answer within ${timeoutMs} ms`)),
          timeoutMs,
        );
      });
      try {
        const result = await Promise.race([
          dapr.pubsub.publish(PUBSUB_NAME, topic, event, {
            contentType: STRUCTURED_CLOUDEVENT,
            metadata: { partitionKey, 'content-type': STRUCTURED_CLOUDEVENT },
          }),
          timedOut,
        ]);
        if (result.error)
          throw new PublishError(`Dapr refused the publish to ${topic}: ${describe(result.error)}`);
      } catch (err) {
        throw err instanceof PublishError
          ? err
          : new PublishError(`Dapr publish to ${topic} failed: ${describe(err)}`);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      if (client) await (await client).stop().catch(() => {});
    },
  };
}

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));
