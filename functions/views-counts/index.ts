import { Hono } from 'hono';
import type { Deps } from '../_shared/deps.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';
import { ViewCounts } from '../_shared/schemas/views.js';
import { countViews } from '../_shared/tasks/view-counts.js';

/** GET /api/views */
export function viewsCounts(deps: Deps) {
  return new Hono<AppEnv>().get(
    '/api/views',
    describe({
      summary:
        'Open tasks per view (Today, Upcoming, overdue, assigned to you, each tag), counted in your time zone, with the day boundaries used',
      responses: { 200: { description: 'The counts', schema: ViewCounts } },
    }),
    requireUser(deps),
    async (c) => c.json(await countViews(deps, c.var.userId)),
  );
}
