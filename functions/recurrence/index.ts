import type { Deps } from '../_shared/deps.js';
import { consumerApp } from '../_shared/events/consumer.js';
import { recurrenceConsumer } from '../_shared/recurrence/spawn-successor.js';

/** Consumer of `task-events`: POST /events/recurrence, a completed recurring task's next occurrence, once. */
export function recurrence(deps: Deps) {
  return consumerApp('recurrence', recurrenceConsumer, deps);
}
