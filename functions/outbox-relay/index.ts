import { Hono } from 'hono';
import type { Deps } from '../_shared/deps.js';
import { eventRoute } from '../_shared/events/catalog.js';
import type { AppEnv } from '../_shared/http/env.js';

/**
 * POST /events/outbox-relay: publishes whatever the outbox still holds, oldest first and in order per
 * task, then prunes old published rows. A PingSource's CloudEvent triggers it in the cluster, a timer
 * embedded; the event itself carries nothing it needs.
 */
export function outboxRelay(deps: Deps) {
  return new Hono<AppEnv>().post(eventRoute('outbox-relay'), async (c) => {
    const result = await deps.relay.sweep();
    if (result.published > 0 || result.claimed > result.published)
      c.var.log.info(result, 'outbox swept');
    return c.json({ status: 'SUCCESS', ...result });
  });
}
