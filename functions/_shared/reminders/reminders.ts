import type { Deps } from '../deps.js';
import type { Tx } from '../db/database.js';
import { lockDueReminders, markReminded, nextReminder } from '../db/reminders.js';
import { REMINDER_DUE_TYPE } from '../events/catalog.js';
import type { ConsumedEvent, Consumer } from '../events/consumer.js';
import { notificationEvent, reminderDueEvent } from '../events/reminder-event.js';
import { writeWithEvents, type RecordEvents } from '../events/write-with-events.js';
import { ReminderDue } from '../schemas/notification.js';
import { toNotificationView } from '../notifications/notifications.js';

/** The channel the database NOTIFYs with a remind_at (epoch ms) whenever one is set (migration 1800). */
export const REMINDERS_CHANNEL = 'ripple_reminders';

/**
 * Sends the reminders whose time has come: for each pending, live task whose remind_at has passed and
 * was not reminded yet, one `reminder.due` event, and the remind_at it was sent for, in one
 * transaction. Rows another scheduler holds are skipped, so two at once never send one twice; a
 * reminder missed while nothing ran goes out on the next run, once.
 */
export async function sendDueReminders(deps: Deps, limit = 200): Promise<number> {
  const late: number[] = [];
  const sent = await writeWithEvents(deps, async (tx, record) => {
    const now = deps.clock.now();
    const due = await lockDueReminders(tx, now, limit);
    late.length = 0;
    if (due.length === 0) return 0;
    const events = await Promise.all(
      due.map((t) => reminderDueEvent({ task_id: t.id, title: t.title, remind_at: t.remind_at!.toISOString(), due_at: t.due_at?.toISOString() ?? null }, t.user_id, deps.ids.next(), now)),
    );
    await record(...events);
    await markReminded(tx, due.map((t) => t.id));
    for (const t of due) late.push((now.getTime() - t.remind_at!.getTime()) / 1000);
    return due.length;
  });
  // Once committed: how late each reminder went out.
  for (const seconds of late) deps.metrics.reminderSent(seconds);
  return sent;
}

/** When the next reminder is due (its remind_at), or null when none waits. */
export const nextReminderAt = (deps: Deps): Promise<Date | null> => nextReminder(deps.db);

/** The notifier's core: a `reminder.due` becomes a stored notification for the task's user. */
export const notifierConsumer: Consumer<ReminderDue> = {
  types: [REMINDER_DUE_TYPE],
  data: ReminderDue,
  async handle(event: ConsumedEvent<ReminderDue>, tx: Tx, deps: Deps, record: RecordEvents) {
    const now = deps.clock.now();
    const row = await tx
      .insertInto('notifications')
      .values({ id: deps.ids.next(), user_id: event.userId, kind: 'reminder', task_id: event.data.task_id, title: event.data.title, event_id: event.id, created_at: now, read_at: null })
      .onConflict((oc) => oc.column('event_id').doNothing())
      .returning(['id', 'kind', 'task_id', 'title', 'created_at', 'read_at'])
      .executeTakeFirst();
    // Open tabs show it at once.
    if (row) await record(await notificationEvent(toNotificationView(row), event.userId, deps.ids.next(), now));
  },
};
