import type { Deps } from '../_shared/deps.js';
import { consumerApp } from '../_shared/events/consumer.js';
import { streamConsumer } from '../_shared/realtime/stream-log.js';

/** Consumer of `task-events` and `task-updates`: POST /events/stream-writer, each one the next entry of its user's stream. */
export function streamWriter(deps: Deps) {
  return consumerApp('stream-writer', streamConsumer, deps);
}
