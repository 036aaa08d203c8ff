import type { OutboxEntry } from '../db/outbox.js';
import type { TaskView } from '../schemas/task.js';
import { cloudevents } from './cloudevents-sdk.js';
import { TASK_EVENT_SOURCE, TOPICS, taskEventType, type TaskEventName } from './catalog.js';

/**
 * The CloudEvent for a change to a task, ready for the outbox. Its data is the task exactly as the
 * API returns it; `partitionkey` keeps one task's events in order on one partition; `userid` lets a
 * consumer scope its effect without trusting the data.
 */
export async function taskEvent(name: TaskEventName, task: TaskView, userId: string, eventId: string, at: Date): Promise<OutboxEntry> {
  const { CloudEvent } = await cloudevents();
  const event = new CloudEvent<TaskView>({
    specversion: '1.0',
    id: eventId,
    source: TASK_EVENT_SOURCE,
    type: taskEventType(name),
    subject: task.id,
    time: at.toISOString(),
    datacontenttype: 'application/json',
    data: task,
    partitionkey: task.id,
    userid: userId,
  });
  return {
    eventId,
    topic: TOPICS.taskEvents,
    partitionKey: task.id,
    eventType: event.type,
    event: event.toJSON(),
    createdAt: at,
  };
}
