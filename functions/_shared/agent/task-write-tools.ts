import * as z from 'zod';
import { Id } from '../schemas/common.js';
import { ReopenedTask } from '../schemas/reopened-task.js';
import { TaskCreateBody, TaskPatchBody } from '../schemas/task.js';
import { addFromLine } from '../quick-add/add-from-line.js';
import { createTask } from '../tasks/create-task.js';
import { completeTask, deleteTask, reopenTask, restoreTask } from '../tasks/transitions.js';
import { patchTask } from '../tasks/update-task.js';
import { TaskOutput } from './task-read-tools.js';
import { defineTool } from './tool.js';

/** If-Match as an argument: the version last read, so that a change made meanwhile is refused (412) rather than overwritten. */
export const Version = z
  .int()
  .min(1)
  .max(9_999_999_999)
  .optional()
  .meta({ description: 'The task’s version as last read: refused if it changed since' });
export const TaskRefInput = z.strictObject({
  id: Id.meta({ description: 'The task' }),
  version: Version,
});

export const addTaskTool = defineTool({
  name: 'add_task',
  title: 'Add a task',
  description:
    'Creates a task (in the Inbox unless project_id names a project the user edits; parent_id makes it a subtask). ' +
    'Times are RFC 3339 with an offset; recurrence needs due_at.',
  input: TaskCreateBody,
  output: TaskOutput,
  annotations: { destructiveHint: false },
  scope: 'write',
  run: async ({ deps, userId }, args) => ({ task: await createTask(deps, userId, args) }),
});

export const addTaskFromLineTool = defineTool({
  name: 'add_task_from_line',
  title: 'Add a task from a line',
  description:
    'Creates the task a line of quick add says, read as the app reads it, in the user’s time zone: ' +
    '"Call mom tomorrow 6pm #family !high every sunday @Inbox" (a date or time, #tags, !priority, @Project, every … for a repeat). ' +
    'A line with a piece that cannot be read (an unknown project, !superurgent) is refused, naming it, and nothing is created.',
  input: z.strictObject({
    text: z
      .string()
      .trim()
      .min(1)
      .max(1000)
      .meta({ description: 'The line, as a person would type it' }),
  }),
  output: TaskOutput,
  annotations: { destructiveHint: false },
  scope: 'write',
  run: async ({ deps, userId }, { text }) => ({
    task: (await addFromLine(deps, userId, text)).task,
  }),
});

export const UpdateTaskInput = TaskPatchBody.extend({
  id: Id.meta({ description: 'The task' }),
  version: Version,
});

export const updateTaskTool = defineTool({
  name: 'update_task',
  title: 'Change a task',
  description:
    'Changes the fields given; absent fields stay and null clears one (tags: the whole new list).',
  input: UpdateTaskInput,
  output: TaskOutput,
  annotations: { destructiveHint: true, idempotentHint: true },
  scope: 'write',
  run: async ({ deps, userId }, { id, version, ...patch }) => ({
    task: await patchTask(deps, userId, id, patch, version),
  }),
});

export const completeTaskTool = defineTool({
  name: 'complete_task',
  title: 'Complete a task',
  description:
    'Marks a task done; a recurring task spawns its next occurrence. Completing a completed task changes nothing.',
  input: TaskRefInput,
  output: TaskOutput,
  annotations: { destructiveHint: false, idempotentHint: true },
  scope: 'write',
  run: async ({ deps, userId }, { id, version }) => ({
    task: await completeTask(deps, userId, id, version),
  }),
});

export const reopenTaskTool = defineTool({
  name: 'reopen_task',
  title: 'Reopen a task',
  description:
    'Undoes a completion. The next occurrence that completion spawned is withdrawn if still untouched; `successor` says what became of it.',
  input: TaskRefInput,
  output: z.object({ task: ReopenedTask }),
  annotations: { destructiveHint: true, idempotentHint: true },
  scope: 'write',
  run: async ({ deps, userId }, { id, version }) => ({
    task: await reopenTask(deps, userId, id, version),
  }),
});

export const deleteTaskTool = defineTool({
  name: 'delete_task',
  title: 'Delete a task',
  description: 'Moves a task (and its subtasks) to the trash; restore_task brings it back.',
  input: TaskRefInput,
  output: TaskOutput,
  annotations: { destructiveHint: true, idempotentHint: true },
  scope: 'write',
  run: async ({ deps, userId }, { id, version }) => ({
    task: await deleteTask(deps, userId, id, version),
  }),
});

export const restoreTaskTool = defineTool({
  name: 'restore_task',
  title: 'Restore a task',
  description: 'Brings a deleted task (and the subtasks that went with it) back from the trash.',
  input: TaskRefInput,
  output: TaskOutput,
  annotations: { destructiveHint: false, idempotentHint: true },
  scope: 'write',
  run: async ({ deps, userId }, { id, version }) => ({
    task: await restoreTask(deps, userId, id, version),
  }),
});
