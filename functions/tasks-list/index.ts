import { Hono } from 'hono';
import type { Deps } from '../_shared/deps.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';
import { queryOf } from '../_shared/http/validate.js';
import { TaskListQuery, TaskPage } from '../_shared/schemas/task.js';
import { listTaskPageJson } from '../_shared/tasks/read-tasks.js';

/** GET /api/tasks */
export function tasksList(deps: Deps) {
  return new Hono<AppEnv>().get(
    '/api/tasks',
    describe({
      summary: 'List tasks, newest first, a page at a time',
      responses: { 200: { description: 'A page', schema: TaskPage } },
    }),
    requireUser(deps),
    queryOf(TaskListQuery),
    // The page's JSON as PostgreSQL made it: nothing to decode and encode again.
    async (c) =>
      c.body(await listTaskPageJson(deps, c.var.userId, c.req.valid('query')), 200, {
        'content-type': 'application/json',
      }),
  );
}
