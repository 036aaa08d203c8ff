/** Every CloudEvent type and topic Ripple uses, named once. */
export const EVENT_TYPE_PREFIX = 'dev.ripple';

export const TASK_EVENTS = ['created', 'updated', 'completed', 'reopened', 'deleted', 'restored'] as const;
export type TaskEventName = (typeof TASK_EVENTS)[number];

export const taskEventType = (name: TaskEventName) => `${EVENT_TYPE_PREFIX}.task.${name}` as const;

export const TOPICS = {
  taskEvents: 'task-events',
  reminders: 'reminders',
  taskUpdates: 'task-updates',
} as const;

export const TASK_EVENT_SOURCE = '/ripple/tasks';
