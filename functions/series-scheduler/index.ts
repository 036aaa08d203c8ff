import { Hono } from 'hono';
import type { Deps } from '../_shared/deps.js';
import { eventRoute } from '../_shared/events/catalog.js';
import type { AppEnv } from '../_shared/http/env.js';
import { nextSeriesCreateAt, runSeriesScheduler } from '../_shared/series/generate.js';

/**
 * POST /events/series-scheduler: creates every occurrence of a series "on schedule" whose time has come,
 * each exactly once with its `task.created`, catching up after downtime, and answers when the next is
 * due (`next_at`). A PingSource triggers it every minute in the cluster; embedded, a timer set for
 * `next_at`, re-armed by every series that comes due sooner (NOTIFY ripple_series), and every
 * SERIES_INTERVAL_MS at the latest.
 */
export function seriesScheduler(deps: Deps) {
  return new Hono<AppEnv>().post(eventRoute('series-scheduler'), async (c) => {
    const created = await runSeriesScheduler(deps);
    if (created > 0) c.var.log.info({ created }, 'series occurrences created');
    const next = await nextSeriesCreateAt(deps);
    return c.json({ status: 'SUCCESS', created, next_at: next?.toISOString() ?? null });
  });
}
