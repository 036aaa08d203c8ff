import type { Deps } from '../deps.js';
import type { Tx } from '../db/database.js';
import { lockDueReminders, markReminded, nextReminder } from '../db/reminders.js';
import type { ConsumedEvent } from '../events/consumer.js';
import { ownerOf, roleIn } from '../db/access.js';
import { insertNotification, type NewNotification } from '../db/notifications.js';
import { projectOfTask } from '../db/tasks.js';
import { notificationEvent, reminderDueEvent } from '../events/reminder-event.js';
import { writeWithEvents, type RecordEvents } from '../events/write-with-events.js';
import type { ReminderDue } from '../schemas/notification.js';
import { toNotificationView } from '../notifications/notifications.js';
import { wants } from '../channels/preferences.js';
import { WAKE_CHANNELS } from '../events/catalog.js';

/** The channel the database NOTIFYs with a remind_at (epoch ms) whenever one is set (migration 1800). */
export const REMINDERS_CHANNEL = WAKE_CHANNELS.reminders;

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
      due.map((t) =>
        reminderDueEvent(
          {
            task_id: t.id,
            title: t.title,
            remind_at: t.remind_at!.toISOString(),
            due_at: t.due_at?.toISOString() ?? null,
            project_id: t.project_id,
          },
          t.user_id,
          deps.ids.next(),
          now,
        ),
      ),
    );
    await record(...events);
    await markReminded(
      tx,
      due.map((t) => t.id),
    );
    for (const t of due) late.push((now.getTime() - t.remind_at!.getTime()) / 1000);
    return due.length;
  });
  // Once committed: how late each reminder went out.
  for (const seconds of late) deps.metrics.reminderSent(seconds);
  return sent;
}

/** When the next reminder is due (its remind_at), or null when none waits. */
export const nextReminderAt = (deps: Deps): Promise<Date | null> => nextReminder(deps.db);

/**
 * The notifier's reminders: a `reminder.due` becomes a stored notification for whom it reminds (the
 * assignee, or the creator), unless they can no longer see the task's project.
 */
export async function notifyReminder(
  event: ConsumedEvent<ReminderDue>,
  tx: Tx,
  deps: Deps,
  record: RecordEvents,
): Promise<void> {
  const projectId = event.data.project_id ?? (await projectOfTask(tx, event.data.task_id));
  // Whom it reminds has left the project (or the task moved away from them): its owner is told instead.
  const userId =
    projectId && (await roleIn(tx, event.userId, projectId)) === null
      ? await ownerOf(tx, projectId)
      : event.userId;
  if (!userId) return;
  await notify(tx, deps, record, {
    user_id: userId,
    kind: 'reminder',
    task_id: event.data.task_id,
    project_id: projectId ?? null,
    actor_id: null,
    title: event.data.title,
    event_id: event.id,
  });
}

/**
 * Stores a notification once per event (a redelivery finds it) and tells open tabs, and through the
 * same event the push and mail senders. One the user turned off in the app is stored already read: no
 * badge, no toast, while push and email still follow their own switches.
 */
export async function notify(
  tx: Tx,
  deps: Deps,
  record: RecordEvents,
  n: Omit<NewNotification, 'id' | 'created_at' | 'read_at'>,
  /** When it happened, where the event says (an invitation: when it was sent); otherwise now. */
  happenedAt?: Date,
): Promise<void> {
  const now = deps.clock.now();
  const inApp = await wants(tx, n.user_id, n.kind, 'in_app');
  const row = await insertNotification(tx, {
    ...n,
    id: deps.ids.next(),
    created_at: happenedAt ?? now,
    read_at: inApp ? null : now,
  });
  if (row)
    await record(await notificationEvent(toNotificationView(row), n.user_id, deps.ids.next(), now));
}
