import type { OutboxEntry } from '../db/outbox.js';
import type { TaskView } from '../schemas/task.js';
import { TASK_EVENT_SOURCE, TOPICS, taskEventType, type TaskEventName } from './catalog.js';
import { outboxEvent, type EventBy } from './outbox-event.js';

/**
 * The CloudEvent for a change to a task, ready for the outbox. Its data is the task exactly as the API
 * returns it; `actorId` is who changed it (the `userid` extension), its project the `projectid`, and
 * the project it just left, if it moved, the `movedfrom`.
 */
export function taskEvent(
  name: TaskEventName,
  task: TaskView,
  { actorId, eventId, at, movedFrom }: EventBy & { movedFrom?: string | undefined },
): Promise<OutboxEntry> {
  return outboxEvent({
    type: taskEventType(name),
    source: TASK_EVENT_SOURCE,
    topic: TOPICS.taskEvents,
    subject: task.id,
    data: task,
    userId: actorId,
    projectId: task.project_id,
    movedFrom,
    eventId,
    at,
  });
}
