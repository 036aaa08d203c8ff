import { Hono } from 'hono';
import type { z } from 'zod';
import type { Deps } from '../deps.js';
import { describe } from '../http/docs.js';
import type { AppEnv } from '../http/env.js';
import { requireUser } from '../http/require-user.js';
import { headersOf, paramsOf } from '../http/validate.js';
import { IdParam } from '../schemas/common.js';
import { IfMatchHeader, Task, type TaskView } from '../schemas/task.js';

type Transition = (
  deps: Deps,
  userId: string,
  id: string,
  expectedVersion?: number,
) => Promise<TaskView>;

interface TransitionRoute {
  method: 'post' | 'delete';
  path: `/api/tasks/:id${string}`;
  summary: string;
  run: Transition;
  /** 204 answers no body (delete); 200 answers the task. */
  status: 200 | 204;
  /** What a 200 answers, when more than the task (reopen: the task and its successor's fate). */
  schema?: z.ZodType;
}

/** The app of a function that moves one task between states (complete, reopen, delete, restore). */
export function transitionApp(deps: Deps, route: TransitionRoute) {
  const answer =
    route.status === 204
      ? { description: 'Done' }
      : { description: 'The task', schema: route.schema ?? Task };
  return new Hono<AppEnv>().on(
    route.method.toUpperCase(),
    route.path,
    describe({
      summary: route.summary,
      responses: {
        [route.status]: answer,
        404: { description: 'No such task' },
        412: { description: 'Stale If-Match version' },
      },
    }),
    requireUser(deps),
    paramsOf(IdParam),
    headersOf(IfMatchHeader),
    async (c) => {
      const task = await route.run(
        deps,
        c.var.userId,
        c.req.valid('param').id,
        c.req.valid('header')['if-match'],
      );
      c.header('ETag', `"${task.version}"`);
      return route.status === 204 ? c.body(null, 204) : c.json(task, 200);
    },
  );
}
