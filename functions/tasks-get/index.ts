import { Hono } from 'hono';
import type { Deps } from '../_shared/deps.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';
import { paramsOf } from '../_shared/http/validate.js';
import { IdParam } from '../_shared/schemas/common.js';
import { Task } from '../_shared/schemas/task.js';
import { getTask } from '../_shared/tasks/read-tasks.js';

/** GET /api/tasks/:id */
export function tasksGet(deps: Deps) {
  return new Hono<AppEnv>().get(
    '/api/tasks/:id',
    describe({
      summary: 'Read a task',
      responses: {
        200: { description: 'The task', schema: Task },
        404: { description: 'No such task' },
      },
    }),
    requireUser(deps),
    paramsOf(IdParam),
    async (c) => {
      const task = await getTask(deps, c.var.userId, c.req.valid('param').id);
      return c.json(task, 200, { ETag: `"${task.version}"` });
    },
  );
}
