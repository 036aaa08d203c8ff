import { Hono } from 'hono';
import type { Deps } from '../_shared/deps.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';
import { jsonBody } from '../_shared/http/validate.js';
import { parseForUser } from '../_shared/quick-add/add-from-line.js';
import { QuickAddBody, QuickAddResult } from '../_shared/schemas/quick-add.js';

/**
 * POST /api/tasks/parse: what a line of quick add says, read in the user's time zone against their
 * projects. Changes nothing: creating is `POST /api/tasks` with the answer's `task`.
 */
export function tasksParse(deps: Deps) {
  return new Hono<AppEnv>().post(
    '/api/tasks/parse',
    describe({
      summary:
        'Read a line of quick add ("Call mom tomorrow 6pm #family !high every sunday @Inbox"); create it by sending the answer’s `task` to POST /api/tasks',
      responses: {
        200: {
          description:
            'The title, due date, tags, priority, repeat and project the line says, where each piece is, and its problems',
          schema: QuickAddResult,
        },
      },
    }),
    requireUser(deps),
    jsonBody(QuickAddBody),
    async (c) => {
      const body = c.req.valid('json');
      return c.json(await parseForUser(deps, c.var.userId, body.text, body.literal));
    },
  );
}
