import * as z from 'zod';
import { InstantOut } from './common.js';

/** The data of a `reminder.due` event. */
export const ReminderDue = z.object({
  task_id: z.uuid(),
  title: z.string(),
  remind_at: InstantOut,
  due_at: InstantOut.nullable(),
  /** Absent in events written before projects. */
  project_id: z.uuid().optional(),
});
export type ReminderDue = z.infer<typeof ReminderDue>;

/** The data of a `task.assigned` event. */
export const TaskAssigned = z.object({
  task_id: z.uuid(),
  title: z.string(),
  project_id: z.uuid(),
  assignee_id: z.uuid(),
});
export type TaskAssigned = z.infer<typeof TaskAssigned>;

export const Notification = z
  .object({
    id: z.uuid(),
    /** reminder: a task's reminder time came; invitation: someone shared a project with you; assigned: a task was assigned to you. */
    kind: z.enum(['reminder', 'invitation', 'assigned']),
    /** The task it is about; null for an invitation. */
    task_id: z.uuid().nullable(),
    /** The project it is about (an invitation's, an assigned task's); null for a reminder written before projects. */
    project_id: z.uuid().nullable(),
    /** Who caused it (the inviter, the assigner); null for a reminder. */
    actor_id: z.uuid().nullable(),
    /** The task's title, or the shared project's name. */
    title: z.string(),
    created_at: InstantOut,
    read_at: InstantOut.nullable(),
  })
  .meta({ id: 'Notification' });
export type NotificationView = z.infer<typeof Notification>;

export const NotificationQuery = z.object({
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
