import * as z from 'zod';
import { Instant, InstantOut, Text } from './common.js';

export const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export const Priority = z.enum(PRIORITIES);
export type Priority = z.infer<typeof Priority>;

export const TaskStatus = z.enum(['pending', 'completed']);
export type TaskStatus = z.infer<typeof TaskStatus>;

const WEEKDAYS = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'] as const;

export const Recurrence = z
  .strictObject({
    frequency: z.enum(['daily', 'weekly', 'monthly', 'yearly']),
    interval: z.int().min(1).max(365).default(1),
    weekdays: z
      .array(z.enum(WEEKDAYS))
      .min(1)
      .max(7)
      // One canonical form: each day once, Monday first.
      .transform((days) => WEEKDAYS.filter((d) => days.includes(d)))
      .optional(),
    from: z.enum(['due', 'completion']).default('due'),
  })
  .refine((r) => r.weekdays === undefined || r.frequency === 'weekly', {
    error: 'weekdays are allowed only with a weekly frequency',
    path: ['weekdays'],
  })
  .meta({ id: 'Recurrence' });
export type Recurrence = z.output<typeof Recurrence>;

export const TagName = Text.trim().min(1, 'must not be empty').max(50);

const Title = Text.trim().min(1, 'must not be empty').max(200);
const Description = Text.max(10_000);
const TagNames = z
  .array(TagName)
  .max(50)
  // Tag names are unique per user regardless of case: "Work" and "work" are one tag.
  .transform((names) => names.filter((n, i) => names.findIndex((m) => m.toLowerCase() === n.toLowerCase()) === i));

export const TaskCreateBody = z.strictObject({
  title: Title,
  description: Description.nullable().optional(),
  priority: Priority.default('medium'),
  tags: TagNames.default([]),
  due_at: Instant.nullable().optional(),
  remind_at: Instant.nullable().optional(),
  recurrence: Recurrence.nullable().optional(),
});
export type TaskCreate = z.output<typeof TaskCreateBody>;

export const TaskPatchBody = z.strictObject({
  title: Title.optional(),
  description: Description.nullable().optional(),
  priority: Priority.optional(),
  tags: TagNames.nullable().optional(),
  due_at: Instant.nullable().optional(),
  remind_at: Instant.nullable().optional(),
  recurrence: Recurrence.nullable().optional(),
});
export type TaskPatch = z.output<typeof TaskPatchBody>;

export const TagRef = z.object({ id: z.uuid(), name: z.string(), color: z.string() }).meta({ id: 'TagRef' });

export const Task = z
  .object({
    id: z.uuid(),
    title: z.string(),
    description: z.string().nullable(),
    status: TaskStatus,
    priority: Priority,
    tags: z.array(TagRef),
    due_at: InstantOut.nullable(),
    remind_at: InstantOut.nullable(),
    recurrence: Recurrence.nullable(),
    completed_at: InstantOut.nullable(),
    created_at: InstantOut,
    updated_at: InstantOut,
    version: z.int().min(1),
  })
  .meta({ id: 'Task' });
export type TaskView = z.infer<typeof Task>;

export const TaskListQuery = z.object({
  status: z.enum(['pending', 'completed', 'all']).default('pending'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(512).optional(),
});
export type TaskListQuery = z.output<typeof TaskListQuery>;

export const TaskPage = z
  .object({ items: z.array(Task), next_cursor: z.string().nullable() })
  .meta({ id: 'TaskPage' });

/** `If-Match: "<version>"`; absent means last write wins. */
export const IfMatchHeader = z.object({
  'if-match': z
    .string()
    .regex(/^"[1-9][0-9]{0,9}"$/, 'must be a quoted task version, e.g. "3"')
    .transform((v) => Number(v.slice(1, -1)))
    .optional(),
});
