import * as z from 'zod';
import { Id, inOrder, Instant } from '../schemas/common.js';
import { Priority, TagName, Task, TaskListQuery } from '../schemas/task.js';
import { getTask, listTaskPage } from '../tasks/read-tasks.js';
import { defineTool } from './tool.js';

/** GET /api/tasks's query, with lists, flags and numbers as JSON has them rather than as a query string spells them. */
export const ListTasksInput = z
  .strictObject({
    ...TaskListQuery.shape,
    priority: z
      .array(Priority)
      .min(1)
      .max(4)
      .optional()
      .meta({ description: 'Any of these priorities' }),
    tags: z
      .array(TagName)
      .min(1)
      .max(20)
      .optional()
      .meta({ description: 'Tag names, all of which a task must have' }),
    due_from: Instant.optional().meta({
      description: 'Due at or after this instant (RFC 3339 with an offset)',
    }),
    due_to: Instant.optional().meta({
      description: 'Due at or before this instant (RFC 3339 with an offset)',
    }),
    overdue: z.boolean().optional().meta({ description: 'Only pending tasks due before now' }),
    limit: z.int().min(1).max(100).default(50),
    cursor: z
      .string()
      .max(1024)
      .optional()
      .meta({ description: 'next_cursor of the previous page, with the same filters' }),
  })
  .refine((q) => inOrder(q.due_from, q.due_to), {
    error: 'must not be after due_to',
    path: ['due_from'],
  });

export const TaskPageOutput = z.object({
  items: z.array(Task),
  next_cursor: z.string().nullable(),
});
export const TaskOutput = z.object({ task: Task });
export const TaskIdInput = z.strictObject({ id: Id.meta({ description: 'The task' }) });

export const listTasksTool = defineTool({
  name: 'list_tasks',
  title: 'List or search tasks',
  description:
    'Tasks the user can read (their own projects and shared ones), newest first by default, a page at a time. Filters: q (words in title or description), ' +
    'status (pending by default, completed, all), priority, tags (all of them), due_from/due_to, overdue, project_id, assigned_to ("me" or a member id), ' +
    'parent_id (a task\u2019s subtasks, or "none"); sort and order; pass next_cursor back as cursor for the next page.',
  input: ListTasksInput,
  output: TaskPageOutput,
  annotations: { readOnlyHint: true },
  scope: 'read',
  run: ({ deps, userId }, args) => listTaskPage(deps, userId, args),
});

export const getTaskTool = defineTool({
  name: 'get_task',
  title: 'Read a task',
  description:
    'One task by id, with its tags, schedule, project, assignee, subtask progress and version.',
  input: TaskIdInput,
  output: TaskOutput,
  annotations: { readOnlyHint: true },
  scope: 'read',
  run: async ({ deps, userId }, { id }) => ({ task: await getTask(deps, userId, id) }),
});
