import { Hono } from 'hono';
import type { Deps } from '../_shared/deps.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';
import { headersOf, jsonBody, paramsOf } from '../_shared/http/validate.js';
import { IdParam } from '../_shared/schemas/common.js';
import { IfMatchHeader, Task, TaskPatchBody } from '../_shared/schemas/task.js';
import { patchTask } from '../_shared/tasks/update-task.js';

/** PATCH /api/tasks/:id */
export function tasksUpdate(deps: Deps) {
  return new Hono<AppEnv>().patch(
    '/api/tasks/:id',
    describe({
      summary: 'Change a task; absent fields stay, null clears',
      responses: {
        200: { description: 'The task', schema: Task },
        404: { description: 'No such task' },
        412: { description: 'Stale If-Match version' },
      },
    }),
    requireUser(deps),
    paramsOf(IdParam),
    headersOf(IfMatchHeader),
    jsonBody(TaskPatchBody),
    async (c) => {
      const task = await patchTask(
        deps,
        c.var.userId,
        c.req.valid('param').id,
        c.req.valid('json'),
        c.req.valid('header')['if-match'],
      );
      return c.json(task, 200, { ETag: `"${task.version}"` });
    },
  );
}
