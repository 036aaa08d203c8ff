import type { Deps } from '../_shared/deps.js';
import { consumerApp } from '../_shared/events/consumer.js';
import { notifierConsumer } from '../_shared/notifications/notifier.js';

/** Consumer of `reminders`: POST /events/notifier, each due reminder a stored notification, once. */
export function notifier(deps: Deps) {
  return consumerApp('notifier', notifierConsumer, deps);
}
