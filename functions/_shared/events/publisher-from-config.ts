import type { Config } from '../config.js';
import { ConfigError } from '../config.js';
import type { ConsumerFunction } from '../function.js';
import type { Logger } from '../logger.js';
import { createBusPublisher, httpSender, type BusTarget } from './bus-publisher.js';
import { eventRoute } from './catalog.js';
import { createDaprPublisher } from './dapr-publisher.js';
import type { Publisher } from './publisher.js';

export interface PublisherContext {
  config: Config;
  logger: Logger;
  /** Every consumer in the registry: EVENT_SINKS may name any of them. */
  consumers: readonly ConsumerFunction[];
  /** The consumers this process serves itself, reached through its own handler. */
  local: readonly ConsumerFunction[];
  /** Serves a request with this process's own app, as from inside. */
  inProcess(request: Request): Promise<Response>;
}

/** A consumer as the bus delivers to it, through `send`. */
const targetOf = (consumer: ConsumerFunction, send: BusTarget['send']): BusTarget => ({
  consumer: consumer.name,
  topics: consumer.topics,
  types: consumer.types,
  batches: !consumer.oneAtATime,
  send,
});

/** The publisher the configuration asks for; functions only ever see the port. */
export function publisherFromConfig({
  config,
  logger,
  consumers,
  local,
  inProcess,
}: PublisherContext): Publisher {
  if (config.PUBLISHER === 'dapr') {
    return createDaprPublisher({
      host: config.DAPR_HOST,
      port: config.DAPR_HTTP_PORT,
      apiToken: config.DAPR_API_TOKEN,
      logger,
    });
  }
  const targets: BusTarget[] = [];
  for (const sink of config.EVENT_SINKS) {
    const consumer = consumers.find((c) => c.name === sink.name);
    if (!consumer)
      throw new ConfigError(
        `EVENT_SINKS: "${sink.name}" is not a consumer; one of: ${consumers.map((c) => c.name).join(', ')}`,
      );
    targets.push(targetOf(consumer, httpSender(sink.url + eventRoute(consumer.name))));
  }
  for (const consumer of local) {
    if (targets.some((t) => t.consumer === consumer.name)) continue;
    targets.push(
      targetOf(consumer, ({ headers, body }) =>
        inProcess(
          new Request(`http://in-process${eventRoute(consumer.name)}`, {
            method: 'POST',
            headers,
            body,
          }),
        ),
      ),
    );
  }
  return createBusPublisher(targets, { logger });
}
