import { Hono } from 'hono';
import type { Deps } from '../_shared/deps.js';
import { eventRoute } from '../_shared/events/catalog.js';
import type { AppEnv } from '../_shared/http/env.js';
import { nextReminderAt, sendDueReminders } from '../_shared/reminders/reminders.js';

/**
 * POST /events/reminder-scheduler: sends every reminder whose time has come, once, and answers when
 * the next one is due (`next_at`). A PingSource triggers it every minute in the cluster; embedded, a
 * timer set for `next_at`, re-armed by every remind_at set anywhere (NOTIFY ripple_reminders), and
 * every REMINDER_INTERVAL_MS at the latest.
 */
export function reminderScheduler(deps: Deps) {
  return new Hono<AppEnv>().post(eventRoute('reminder-scheduler'), async (c) => {
    let sent = 0;
    for (let batch = await sendDueReminders(deps); ; batch = await sendDueReminders(deps)) {
      sent += batch;
      if (batch < 200) break;
    }
    if (sent > 0) c.var.log.info({ sent }, 'reminders sent');
    const next = await nextReminderAt(deps);
    return c.json({ status: 'SUCCESS', sent, next_at: next?.toISOString() ?? null });
  });
}
