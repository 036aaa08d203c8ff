import * as z from 'zod';
import type { Deps } from '../deps.js';
import { appendToStreamsOnce, type StreamAppend } from '../db/stream.js';
import { projectOfTask } from '../db/tasks.js';
import {
  CONSUMED_TYPES,
  EVENT_TYPE_PREFIX,
  NOTIFICATION_CREATED_TYPE,
  PROJECT_EVENTS,
  projectEventType,
  taskEventName,
} from '../events/catalog.js';
import {
  UnprocessableEvent,
  type ConsumedEvent,
  type StatementConsumer,
} from '../events/consumer.js';
import { Notification } from '../schemas/notification.js';
import { Member, ProjectCore } from '../schemas/project.js';
import { TaskSnapshot } from '../schemas/task.js';

export type { StreamEntry } from '../db/stream.js';

/** The channel every realtime replica listens on (ripple_stream_append sends on it); the payload is the user whose stream grew. */
export const STREAM_CHANNEL = 'ripple_stream';

const PROJECT_TYPES = PROJECT_EVENTS.map(projectEventType);

function parse<T>(schema: z.ZodType<T>, data: unknown, what: string): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success)
    throw new UnprocessableEvent(`its data is not ${what}: ${parsed.error.message}`);
  return parsed.data;
}

/**
 * The stream-writer consumer: each change becomes the next entry of the stream of every user who may
 * see it, and a NOTIFY (sent by PostgreSQL at commit) tells every realtime replica to push it. A
 * task's or project's change goes to the project's members as they are now; a notification to its
 * user; a membership change also to the member it is about (who may just have lost access, and is
 * told so). One user's entries are written one at a time, so their numbers are in commit order and a
 * tab that has seen entry n has seen every entry before it. One event or a batch's, recording and
 * members included, is one statement (appendToStreamsOnce).
 */
export const streamConsumer: StatementConsumer<Record<string, unknown>> = {
  types: CONSUMED_TYPES['stream-writer'],
  data: z.record(z.string(), z.unknown()),
  async once(events, deps, consumer) {
    const appends = (await Promise.all(events.map((event) => appendsOf(event, deps)))).flat();
    const fresh = await appendToStreamsOnce(
      deps.db,
      consumer,
      events.map((e) => e.id),
      appends,
      deps.clock.now(),
    );
    // An event sent twice in one batch has its effect once.
    return events.map((event) => (fresh.delete(event.id) ? 'processed' : 'duplicate'));
  },
};

/** The entries an event makes, and whose streams they go to. */
async function appendsOf(
  event: ConsumedEvent<Record<string, unknown>>,
  deps: Deps,
): Promise<StreamAppend[]> {
  const at = deps.clock.now();
  const base = { eventId: event.id, at };
  const name = taskEventName(event.type);
  if (name) {
    const task = parse(TaskSnapshot, event.data, 'a task');
    const projectId = event.projectId ?? task.project_id ?? (await projectOfTask(deps.db, task.id));
    if (!projectId) throw new UnprocessableEvent(`no project holds task ${task.id}`);
    const data = { type: name, task: event.data };
    const appends: StreamAppend[] = [
      { membersOf: { projectId }, entry: { ...base, kind: 'task', data, projectId } },
    ];
    // A task that moved out: the members of the project it left see it go (those in both, once).
    if (event.movedFrom)
      appends.push({
        membersOf: { projectId: event.movedFrom },
        entry: { ...base, kind: 'task', data, projectId: event.movedFrom },
      });
    return appends;
  }
  if (event.type === NOTIFICATION_CREATED_TYPE) {
    // One stored already read was turned off in the app: no toast for it.
    if (parse(Notification, event.data, 'a notification').read_at !== null) return [];
    return [
      {
        users: [event.userId],
        entry: {
          ...base,
          kind: 'notification',
          data: { type: 'created', notification: event.data },
          projectId: null,
        },
      },
    ];
  }
  const type = event.type.slice(EVENT_TYPE_PREFIX.length + 1);
  if (PROJECT_TYPES.includes(event.type as (typeof PROJECT_TYPES)[number])) {
    const project = parse(ProjectCore, event.data, 'a project');
    return [
      {
        membersOf: { projectId: project.id },
        entry: { ...base, kind: 'project', data: { type, project }, projectId: project.id },
      },
    ];
  }
  const member = parse(Member, event.data, 'a membership');
  const data = { type, member };
  return [
    {
      membersOf: { projectId: member.project_id, except: member.user_id },
      entry: { ...base, kind: 'project', data, projectId: member.project_id },
    },
    { users: [member.user_id], entry: { ...base, kind: 'project', data, projectId: null } },
  ];
}
