import { sql } from 'kysely';
import type { Deps } from '../deps.js';
import type { NotificationsTable, Tx } from '../db/database.js';
import { notFound } from '../errors.js';
import { REMINDER_DUE_TYPE } from '../events/catalog.js';
import { UnprocessableEvent, type ConsumedEvent, type Consumer } from '../events/consumer.js';
import { notificationEvent, reminderDueEvent } from '../events/reminder-event.js';
import { writeWithEvents, type RecordEvents } from '../events/write-with-events.js';
import { Id } from '../schemas/common.js';
import { ReminderDue, type NotificationView } from '../schemas/notification.js';

/** The channel the database NOTIFYs with a remind_at (epoch ms) whenever one is set (migration 1800). */
export const REMINDERS_CHANNEL = 'ripple_reminders';

/**
 * Sends the reminders whose time has come: for each pending, live task whose remind_at has passed and
 * was not reminded yet, one `reminder.due` event, and the remind_at it was sent for, in one
 * transaction. Rows another scheduler holds are skipped, so two at once never send one twice; a
 * reminder missed while nothing ran goes out on the next run, once.
 */
export async function sendDueReminders(deps: Deps, limit = 200): Promise<number> {
  return writeWithEvents(deps, async (tx, record) => {
    const now = deps.clock.now();
    const due = await tx
      .selectFrom('tasks')
      .select(['id', 'user_id', 'title', 'remind_at', 'due_at'])
      .where('remind_at', '<=', now)
      .where('status', '=', 'pending')
      .where('deleted_at', 'is', null)
      .where(sql<boolean>`reminder_sent_for is distinct from remind_at`)
      .orderBy('remind_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return 0;
    const events = await Promise.all(
      due.map((t) => reminderDueEvent({ task_id: t.id, title: t.title, remind_at: t.remind_at!.toISOString(), due_at: t.due_at?.toISOString() ?? null }, t.user_id, deps.ids.next(), now)),
    );
    await record(...events);
    await tx.updateTable('tasks').set((eb) => ({ reminder_sent_for: eb.ref('remind_at') })).where('id', 'in', due.map((t) => t.id)).execute();
    return due.length;
  });
}

/** When the next reminder is due (its remind_at), or null when none waits. */
export async function nextReminderAt(deps: Deps): Promise<Date | null> {
  const row = await deps.db
    .selectFrom('tasks')
    .select('remind_at')
    .where('remind_at', 'is not', null)
    .where('status', '=', 'pending')
    .where('deleted_at', 'is', null)
    .where(sql<boolean>`reminder_sent_for is distinct from remind_at`)
    .orderBy('remind_at')
    .limit(1)
    .executeTakeFirst();
  return row?.remind_at ?? null;
}

/** The notifier's core: a `reminder.due` becomes a stored notification for the task's user. */
export const notifierConsumer: Consumer<ReminderDue> = {
  types: [REMINDER_DUE_TYPE],
  data: ReminderDue,
  async handle(event: ConsumedEvent<ReminderDue>, tx: Tx, deps: Deps, record: RecordEvents) {
    const userId = Id.safeParse(event.userId);
    if (!userId.success) throw new UnprocessableEvent('a reminder must carry its user in the userid extension');
    const now = deps.clock.now();
    const row = await tx
      .insertInto('notifications')
      .values({ id: deps.ids.next(), user_id: userId.data, kind: 'reminder', task_id: event.data.task_id, title: event.data.title, event_id: event.id, created_at: now, read_at: null })
      .onConflict((oc) => oc.column('event_id').doNothing())
      .returning(['id', 'kind', 'task_id', 'title', 'created_at', 'read_at'])
      .executeTakeFirst();
    // Open tabs show it at once.
    if (row) await record(await notificationEvent(toView(row), userId.data, deps.ids.next(), now));
  },
};

const toView = (n: Pick<NotificationsTable, 'id' | 'kind' | 'task_id' | 'title' | 'created_at' | 'read_at'>): NotificationView => ({
  id: n.id,
  kind: n.kind,
  task_id: n.task_id,
  title: n.title,
  created_at: n.created_at.toISOString(),
  read_at: n.read_at?.toISOString() ?? null,
});

/** The user's newest notifications (100 at most), or only the unread ones. */
export async function listNotifications(deps: Deps, userId: string, unreadOnly: boolean): Promise<NotificationView[]> {
  let query = deps.db.selectFrom('notifications').select(['id', 'kind', 'task_id', 'title', 'created_at', 'read_at']).where('user_id', '=', userId);
  if (unreadOnly) query = query.where('read_at', 'is', null);
  return (await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(100).execute()).map(toView);
}

/** Marks a notification read (once: reading it again keeps the first time). */
export async function markNotificationRead(deps: Deps, userId: string, id: string): Promise<NotificationView> {
  const row = await deps.db
    .updateTable('notifications')
    .set((eb) => ({ read_at: eb.fn.coalesce('read_at', eb.val(deps.clock.now())) }))
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returning(['id', 'kind', 'task_id', 'title', 'created_at', 'read_at'])
    .executeTakeFirst();
  if (!row) throw notFound('Notification not found');
  return toView(row);
}
