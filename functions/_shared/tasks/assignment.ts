import type { Deps } from '../deps.js';
import { PROJECT_SOURCE, TASK_ASSIGNED_TYPE, TOPICS } from '../events/catalog.js';
import { outboxEvent } from '../events/outbox-event.js';
import type { RecordEvents } from '../events/write-with-events.js';
import type { TaskAssigned } from '../schemas/notification.js';

type AssignedTask = { id: string; title: string; project_id: string; assignee_id: string | null };

/**
 * When a task gets a new assignee other than whoever assigned it, a `task.assigned` event (topic
 * `project-events`) tells them: the notifier turns it into their notification.
 */
export async function announceAssignment(
  deps: Pick<Deps, 'ids'>,
  record: RecordEvents,
  change: { task: AssignedTask; actorId: string; previous: string | null; now: Date },
): Promise<void> {
  const { task, actorId, previous, now } = change;
  if (task.assignee_id === null || task.assignee_id === previous || task.assignee_id === actorId)
    return;
  const data: TaskAssigned = {
    task_id: task.id,
    title: task.title,
    project_id: task.project_id,
    assignee_id: task.assignee_id,
  };
  const eventId = deps.ids.next();
  await record(
    await outboxEvent({
      type: TASK_ASSIGNED_TYPE,
      source: PROJECT_SOURCE,
      topic: TOPICS.projectEvents,
      subject: task.project_id,
      data,
      userId: actorId,
      projectId: task.project_id,
      eventId,
      at: now,
    }),
  );
}
