import type * as CloudEvents from 'cloudevents';
import type { OutboxEntry } from '../db/outbox.js';
import type { TaskView } from '../schemas/task.js';
import { TASK_EVENT_SOURCE, TOPICS, taskEventType, type TaskEventName } from './catalog.js';

// Loaded on the first change, not at start: it and its dependencies are ~70 KB of a function's
// cold start, and read-only functions never need it.
// cloudevents is CommonJS: Node exposes its named exports, esbuild's bundle only under `default`.
let loading: Promise<typeof CloudEvents> | undefined;
const cloudevents = () =>
  (loading ??= import('cloudevents').then((mod) => ('CloudEvent' in mod ? mod : (mod as { default: typeof CloudEvents }).default)));

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
