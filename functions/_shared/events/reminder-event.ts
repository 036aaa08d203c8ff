import type { OutboxEntry } from '../db/outbox.js';
import type { ReminderDue } from '../schemas/notification.js';
import { REMINDER_DUE_TYPE, REMINDER_SOURCE, TOPICS } from './catalog.js';
import { cloudevents } from './cloudevents-sdk.js';

/** The `reminder.due` CloudEvent for a task, ready for the outbox; keyed by the task, like its changes. */
export async function reminderDueEvent(data: ReminderDue, userId: string, eventId: string, at: Date): Promise<OutboxEntry> {
  const { CloudEvent } = await cloudevents();
  const event = new CloudEvent<ReminderDue>({
    specversion: '1.0',
    id: eventId,
    source: REMINDER_SOURCE,
    type: REMINDER_DUE_TYPE,
    subject: data.task_id,
    time: at.toISOString(),
    datacontenttype: 'application/json',
    data,
    partitionkey: data.task_id,
    userid: userId,
  });
  return { eventId, topic: TOPICS.reminders, partitionKey: data.task_id, eventType: event.type, event: event.toJSON(), createdAt: at };
}
