import { auditConsumer } from '../_shared/audit/audit.js';
import type { Deps } from '../_shared/deps.js';
import { consumerApp } from '../_shared/events/consumer.js';

/** Consumer of `task-events`: POST /events/audit-writer, one audit entry per task event, once. */
export function auditWriter(deps: Deps) {
  return consumerApp('audit-writer', auditConsumer, deps);
}
