import { Hono } from 'hono';
import { runAgendaScheduler } from '../_shared/channels/agenda.js';
import type { Deps } from '../_shared/deps.js';
import { eventRoute } from '../_shared/events/catalog.js';
import type { AppEnv } from '../_shared/http/env.js';

/**
 * POST /events/agenda-scheduler: the daily agenda of each user whose local hour has come (once a local
 * day), and a wake-up for the senders of deliveries whose time has come (quiet hours over, a retry).
 * A PingSource every minute in the cluster; embedded, a timer at `next_at`.
 */
export function agendaScheduler(deps: Deps) {
  return new Hono<AppEnv>().post(eventRoute('agenda-scheduler'), async (c) => {
    const run = await runAgendaScheduler(deps);
    if (run.agendas + run.woken > 0)
      c.var.log.info({ agendas: run.agendas, woken: run.woken }, 'agendas and deliveries due');
    return c.json({
      status: 'SUCCESS',
      agendas: run.agendas,
      woken: run.woken,
      next_at: run.nextAt.toISOString(),
    });
  });
}
