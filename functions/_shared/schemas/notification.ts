import * as z from 'zod';
import { InstantOut } from './common.js';

/** The data of a `reminder.due` event. */
export const ReminderDue = z.object({
  task_id: z.uuid(),
  title: z.string(),
  remind_at: InstantOut,
  due_at: InstantOut.nullable(),
});
export type ReminderDue = z.infer<typeof ReminderDue>;

export const Notification = z
  .object({
    id: z.uuid(),
    kind: z.enum(['reminder']),
    task_id: z.uuid(),
    title: z.string(),
    created_at: InstantOut,
    read_at: InstantOut.nullable(),
  })
  .meta({ id: 'Notification' });
export type NotificationView = z.infer<typeof Notification>;

export const NotificationQuery = z.object({
  unread: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});
