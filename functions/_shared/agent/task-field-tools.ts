import * as z from 'zod';
import { Id, Instant } from '../schemas/common.js';
import { patchTask } from '../tasks/update-task.js';
import { TaskOutput } from './task-read-tools.js';
import { Version } from './task-write-tools.js';
import { defineTool } from './tool.js';

const TaskId = Id.meta({ description: 'The task' });

export const moveTaskTool = defineTool({
  name: 'move_task',
  title: 'Move a task to a project',
  description:
    'Moves a task and its subtasks to another project the user edits; an assignee who is not a member there is unassigned.',
  input: z.strictObject({
    id: TaskId,
    project_id: Id.meta({ description: 'The project to move it to' }),
    version: Version,
  }),
  output: TaskOutput,
  annotations: { destructiveHint: true, idempotentHint: true },
  scope: 'write',
  run: async ({ deps, userId }, { id, project_id, version }) => ({
    task: await patchTask(deps, userId, id, { project_id }, version),
  }),
});

export const assignTaskTool = defineTool({
  name: 'assign_task',
  title: 'Assign a task',
  description:
    'Assigns a task to a member of its project (they are notified), or unassigns it with assignee_id null.',
  input: z.strictObject({
    id: TaskId,
    assignee_id: Id.nullable().meta({ description: 'A member of the task’s project, or null' }),
    version: Version,
  }),
  output: TaskOutput,
  annotations: { destructiveHint: true, idempotentHint: true },
  scope: 'write',
  run: async ({ deps, userId }, { id, assignee_id, version }) => ({
    task: await patchTask(deps, userId, id, { assignee_id }, version),
  }),
});

export const setReminderTool = defineTool({
  name: 'set_reminder',
  title: 'Set a reminder',
  description:
    'Sets when the user is reminded of a task (RFC 3339 with an offset); it replaces any earlier reminder.',
  input: z.strictObject({ id: TaskId, remind_at: Instant, version: Version }),
  output: TaskOutput,
  annotations: { destructiveHint: true, idempotentHint: true },
  scope: 'write',
  run: async ({ deps, userId }, { id, remind_at, version }) => ({
    task: await patchTask(deps, userId, id, { remind_at }, version),
  }),
});

export const clearReminderTool = defineTool({
  name: 'clear_reminder',
  title: 'Clear a reminder',
  description: 'Removes a task’s reminder.',
  input: z.strictObject({ id: TaskId, version: Version }),
  output: TaskOutput,
  annotations: { destructiveHint: true, idempotentHint: true },
  scope: 'write',
  run: async ({ deps, userId }, { id, version }) => ({
    task: await patchTask(deps, userId, id, { remind_at: null }, version),
  }),
});
