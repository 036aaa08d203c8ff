import type { OutboxEntry } from '../db/outbox.js';
import type { NotificationView, ReminderDue } from '../schemas/notification.js';
import {
  NOTIFICATION_CREATED_TYPE,
  REMINDER_DUE_TYPE,
  REMINDER_SOURCE,
  TOPICS,
} from './catalog.js';
import { outboxEvent } from './outbox-event.js';

/** `reminder.due` for a task (topic `reminders`), keyed by the task like its changes. */
export function reminderDueEvent(
  data: ReminderDue,
  userId: string,
  eventId: string,
  at: Date,
): Promise<OutboxEntry> {
  return outboxEvent({
    type: REMINDER_DUE_TYPE,
    source: REMINDER_SOURCE,
    topic: TOPICS.reminders,
    subject: data.task_id,
    data,
    userId,
    eventId,
    at,
  });
}

/** `notification.created` (topic `task-updates`): what open tabs should show. */
export function notificationEvent(
  data: NotificationView,
  userId: string,
  eventId: string,
  at: Date,
): Promise<OutboxEntry> {
  return outboxEvent({
    type: NOTIFICATION_CREATED_TYPE,
    source: REMINDER_SOURCE,
    topic: TOPICS.taskUpdates,
    subject: data.task_id ?? data.project_id ?? data.id,
    data,
    userId,
    eventId,
    at,
  });
}
