import { Hono } from 'hono';
import type { Deps } from '../_shared/deps.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';
import { jsonBody } from '../_shared/http/validate.js';
import { Task, TaskCreateBody } from '../_shared/schemas/task.js';
import { createTask } from '../_shared/tasks/create-task.js';

/** POST /api/tasks */
export function tasksCreate(deps: Deps) {
  return new Hono<AppEnv>().post(
    '/api/tasks',
    describe({
      summary: 'Create a task',
      responses: { 201: { description: 'Created', schema: Task } },
    }),
    requireUser(deps),
    jsonBody(TaskCreateBody),
    async (c) => {
      const task = await createTask(deps, c.var.userId, c.req.valid('json'));
      return c.json(task, 201, { Location: `/api/tasks/${task.id}`, ETag: `"${task.version}"` });
    },
  );
}
