import { Hono } from 'hono';
import type { Deps } from '../_shared/deps.js';
import { eventRoute } from '../_shared/events/catalog.js';
import type { AppEnv } from '../_shared/http/env.js';
import { sendDueReminders } from '../_shared/reminders/reminders.js';

/**
 * POST /events/reminder-scheduler: sends every reminder whose time has come, once. A PingSource
 * triggers it every minute in the cluster; embedded, a timer every REMINDER_INTERVAL_MS.
 */
export function reminderScheduler(deps: Deps) {
  return new Hono<AppEnv>().post(eventRoute('reminder-scheduler'), async (c) => {
    let sent = 0;
    for (let batch = await sendDueReminders(deps); ; batch = await sendDueReminders(deps)) {
      sent += batch;
      if (batch < 200) break;
    }
    if (sent > 0) c.var.log.info({ sent }, 'reminders sent');
    return c.json({ status: 'SUCCESS', sent });
  });
}
