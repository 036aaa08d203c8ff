import { Hono } from 'hono';
import type { Deps } from '../_shared/deps.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';
import { queryOf } from '../_shared/http/validate.js';
import { previewRule } from '../_shared/recurrence/preview.js';
import { Preview, PreviewQuery } from '../_shared/schemas/preview.js';
import { previewSeries } from '../_shared/series/occurrences.js';

/**
 * GET /api/recurrence/preview: what a rule being edited will do, in the signed-in user's time zone; with
 * `series_id`, a series' coming occurrences, each planned, edited, skipped or created already.
 */
export function recurrencePreview(deps: Deps) {
  return new Hono<AppEnv>().get(
    '/api/recurrence/preview',
    describe({
      summary:
        'The next occurrences of a repeat rule (structured or rrule) in the user’s time zone',
      responses: {
        200: { description: 'The rule, both forms, and its next occurrences', schema: Preview },
      },
    }),
    requireUser(deps),
    queryOf(PreviewQuery),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(
        q.series_id
          ? await previewSeries(deps, c.var.userId, { ...q, series_id: q.series_id })
          : await previewRule(deps, c.var.userId, q),
      );
    },
  );
}
