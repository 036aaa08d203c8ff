/** Every CloudEvent type and topic Ripple uses, named once. */
export const EVENT_TYPE_PREFIX = 'dev.ripple';

export const TASK_EVENTS = [
  'created',
  'updated',
  'completed',
  'reopened',
  'deleted',
  'restored',
] as const;
export type TaskEventName = (typeof TASK_EVENTS)[number];

export const taskEventType = (name: TaskEventName) => `${EVENT_TYPE_PREFIX}.task.${name}` as const;
export const TASK_EVENT_TYPES: readonly string[] = TASK_EVENTS.map(taskEventType);

/** The task event's short name (`created`) from its type (`dev.ripple.task.created`), or null. */
export function taskEventName(type: string): TaskEventName | null {
  const name = type.slice(`${EVENT_TYPE_PREFIX}.task.`.length);
  return type.startsWith(`${EVENT_TYPE_PREFIX}.task.`) &&
    (TASK_EVENTS as readonly string[]).includes(name)
    ? (name as TaskEventName)
    : null;
}

export const TOPICS = {
  taskEvents: 'task-events',
  reminders: 'reminders',
  taskUpdates: 'task-updates',
  projectEvents: 'project-events',
} as const;
export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

export const TASK_EVENT_SOURCE = '/ripple/tasks';

/** A task's reminder time has come (topic `reminders`). */
export const REMINDER_DUE_TYPE = `${EVENT_TYPE_PREFIX}.reminder.due` as const;
export const REMINDER_SOURCE = '/ripple/reminders';
/** A user's daily agenda is due (topic `reminders`): the mailer sends it. */
export const AGENDA_DUE_TYPE = `${EVENT_TYPE_PREFIX}.agenda.due` as const;
/** Deliveries of a channel for a user are due (held for quiet hours, or waiting to be retried): its sender sends them. */
export const DELIVERY_DUE_TYPE = `${EVENT_TYPE_PREFIX}.delivery.due` as const;
export const DELIVERY_SOURCE = '/ripple/deliveries';
/** A notification was stored (topic `task-updates`). */
export const NOTIFICATION_CREATED_TYPE = `${EVENT_TYPE_PREFIX}.notification.created` as const;

/**
 * A project or a membership changed (topic `project-events`, keyed by the project): the data is the
 * project as its members see it, or the membership. `task.assigned` rides there too: it tells the
 * assignee, not the project.
 */
export const PROJECT_EVENTS = ['created', 'updated', 'deleted', 'restored'] as const;
export type ProjectEventName = (typeof PROJECT_EVENTS)[number];
export const projectEventType = (name: ProjectEventName) =>
  `${EVENT_TYPE_PREFIX}.project.${name}` as const;
export const MEMBER_EVENTS = ['invited', 'joined', 'declined', 'changed', 'removed'] as const;
export type MemberEventName = (typeof MEMBER_EVENTS)[number];
export const memberEventType = (name: MemberEventName) =>
  `${EVENT_TYPE_PREFIX}.member.${name}` as const;
export const PROJECT_SOURCE = '/ripple/projects';
export const TASK_ASSIGNED_TYPE = `${EVENT_TYPE_PREFIX}.task.assigned` as const;

/**
 * The event types each consumer acts on, by its registry name: the registry tells the bus and the
 * manifests without loading a consumer's code, and each consumer reads its own list here.
 */
export const CONSUMED_TYPES = {
  'audit-writer': TASK_EVENT_TYPES,
  recurrence: [taskEventType('completed')],
  notifier: [REMINDER_DUE_TYPE, memberEventType('invited'), TASK_ASSIGNED_TYPE],
  'push-sender': [NOTIFICATION_CREATED_TYPE, DELIVERY_DUE_TYPE],
  mailer: [NOTIFICATION_CREATED_TYPE, AGENDA_DUE_TYPE, DELIVERY_DUE_TYPE],
  'stream-writer': [
    ...TASK_EVENT_TYPES,
    NOTIFICATION_CREATED_TYPE,
    ...PROJECT_EVENTS.map(projectEventType),
    ...MEMBER_EVENTS.map(memberEventType),
  ],
} as const satisfies Record<string, readonly string[]>;

/** NOTIFY channels whose payload (epoch ms) wakes a scheduled function's embedded timer for that moment. */
export const WAKE_CHANNELS = { reminders: 'ripple_reminders', series: 'ripple_series' } as const;

/** The Dapr pub/sub component's `metadata.name` (components/pubsub.yaml): the same string, here only. */
export const PUBSUB_NAME = 'ripple-pubsub';

/** The binary-mode headers of a PingSource's CloudEvent: what runs a scheduled function. */
export const pingHeaders = (id: string, source: string): Record<string, string> => ({
  'ce-specversion': '1.0',
  'ce-id': id,
  'ce-type': 'dev.knative.sources.ping',
  'ce-source': source,
  'ce-time': new Date().toISOString(),
});

/** Where a consumer or scheduled function takes its CloudEvents over HTTP. */
export const eventRoute = (functionName: string) => `/events/${functionName}`;
