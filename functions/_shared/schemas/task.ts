import * as z from 'zod';
import { Id, Instant, inOrder, InstantOut, QueryInstant, Text } from './common.js';
import { splitList } from './list-param.js';
import { Recurrence, RecurrenceInput } from './recurrence.js';

export const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export const Priority = z.enum(PRIORITIES);
export type Priority = z.infer<typeof Priority>;

export const TaskStatus = z.enum(['pending', 'completed']);
export type TaskStatus = z.infer<typeof TaskStatus>;

export type { Recurrence } from './recurrence.js';

export const TagName = Text.trim()
  .min(1, 'Give the tag a name')
  .max(50, 'Keep the name to 50 characters or fewer');

const Title = Text.trim()
  .min(1, 'Give the task a title')
  .max(200, 'Keep the title to 200 characters or fewer');
const Description = Text.max(10_000, 'Keep the description to 10,000 characters or fewer');
/** Tag names are unique per user regardless of case: "Work" and "work" are one tag. */
const uniqueIgnoringCase = (names: string[]) =>
  names.filter((n, i) => names.findIndex((m) => m.toLowerCase() === n.toLowerCase()) === i);

const TagNames = z.array(TagName).max(50).transform(uniqueIgnoringCase);

export const TaskCreateBody = z.strictObject({
  title: Title,
  description: Description.nullable().optional(),
  priority: Priority.default('medium'),
  tags: TagNames.default([]),
  due_at: Instant.nullable().optional(),
  remind_at: Instant.nullable().optional(),
  recurrence: RecurrenceInput.nullable().optional(),
  project_id: Id.optional().meta({
    description: 'The project; default: your Inbox (or the parent’s project for a subtask)',
  }),
  parent_id: Id.optional().meta({
    description: 'Makes it a subtask of this task (one level: a subtask has no subtasks)',
  }),
  assignee_id: Id.nullable().optional().meta({ description: 'A member of the task’s project' }),
});
export type TaskCreate = z.output<typeof TaskCreateBody>;

export const TaskPatchBody = z.strictObject({
  title: Title.optional(),
  description: Description.nullable().optional(),
  priority: Priority.optional(),
  tags: TagNames.nullable().optional(),
  due_at: Instant.nullable().optional(),
  remind_at: Instant.nullable().optional(),
  recurrence: RecurrenceInput.nullable().optional(),
  project_id: Id.optional().meta({
    description: 'Moves the task (and its subtasks) to this project',
  }),
  assignee_id: Id.nullable()
    .optional()
    .meta({ description: 'A member of the task’s project, or null' }),
  position: z.number().finite().optional().meta({
    description:
      'Its place in the project’s manual order (`sort=position`, ascending): a value between its new neighbours’',
  }),
});
export type TaskPatch = z.output<typeof TaskPatchBody>;

export const TagRef = z
  .object({ id: z.uuid(), name: z.string(), color: z.string() })
  .meta({ id: 'TagRef' });

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
    series_id: z
      .uuid()
      .nullable()
      .meta({ description: 'The series "on schedule" this task is an occurrence of' }),
    completed_at: InstantOut.nullable(),
    created_at: InstantOut,
    updated_at: InstantOut,
    version: z.int().min(1),
    project_id: z.uuid(),
    parent_id: z.uuid().nullable(),
    assignee_id: z.uuid().nullable(),
    /** Who created it. */
    created_by: z.uuid(),
    /** Its subtasks' progress: how many are done of how many (live ones). */
    subtasks: z.object({ done: z.int().min(0), total: z.int().min(0) }),
    /** Its place in its project's manual order (ascending; a new task goes last). */
    position: z.number(),
  })
  .meta({ id: 'Task' });
export type TaskView = z.infer<typeof Task>;

/** A task as an event or an audit entry carries it: those written before projects lack the project fields. */
export const TaskSnapshot = Task.partial({
  project_id: true,
  parent_id: true,
  assignee_id: true,
  created_by: true,
  subtasks: true,
  position: true,
}).meta({ id: 'TaskSnapshot' });
export type TaskSnapshot = z.infer<typeof TaskSnapshot>;

export const TASK_SORTS = [
  'created_at',
  'updated_at',
  'due_at',
  'priority',
  'title',
  'position',
] as const;
export type TaskSort = (typeof TASK_SORTS)[number];

/** A comma-separated list in a query string: `high,urgent`; `\,` is a comma inside an item (`a\,b,home`). */
const commaList = <T extends z.ZodType<unknown, string>>(item: T, max: number) =>
  z
    .string()
    .max(2000)
    .transform((s) => [...new Set(splitList(s))])
    .pipe(z.array(item).min(1).max(max));

export const TaskListQuery = z
  .object({
    q: z.preprocess((v) => (v === '' ? undefined : v), Text.max(200).optional()),
    status: z.enum(['pending', 'completed', 'all']).default('pending'),
    priority: commaList(Priority, 4).optional().meta({
      description: 'Comma-separated priorities, any of which a task may have: `high,urgent`',
    }),
    tags: commaList(TagName, 20).transform(uniqueIgnoringCase).optional().meta({
      description:
        'Comma-separated tag names, all of which a task must have; `\\,` is a comma inside a name: `Smith\\, J.,home`',
    }),
    due_from: QueryInstant.optional(),
    due_to: QueryInstant.optional(),
    overdue: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
    sort: z.enum(TASK_SORTS).default('created_at'),
    order: z.enum(['asc', 'desc']).default('desc'),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(1024).optional(),
    project_id: Id.optional().meta({
      description: 'Only this project’s tasks (also an archived project’s)',
    }),
    assigned_to: z
      .union([z.literal('me'), Id])
      .optional()
      .meta({ description: '`me`, or a member’s id' }),
    parent_id: z
      .union([z.literal('none'), Id])
      .optional()
      .meta({ description: 'A task’s subtasks, or `none` for tasks that are not subtasks' }),
  })
  .refine((q) => inOrder(q.due_from, q.due_to), {
    error: 'must not be after due_to',
    path: ['due_from'],
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
