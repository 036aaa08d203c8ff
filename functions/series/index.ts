import { Hono } from 'hono';
import type { Deps } from '../_shared/deps.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';
import { headersOf, jsonBody, paramsOf, queryOf } from '../_shared/http/validate.js';
import { IdParam } from '../_shared/schemas/common.js';
import {
  Series,
  SeriesCreateBody,
  SeriesDeleteQuery,
  SeriesListQuery,
  SeriesPatchBody,
} from '../_shared/schemas/series.js';
import { IfMatchHeader } from '../_shared/schemas/task.js';
import { Occurrence, OccurrenceBody, OccurrenceParam } from '../_shared/schemas/occurrence.js';
import { patchSeries } from '../_shared/series/edit.js';
import {
  createSeries,
  deleteSeries,
  getSeries,
  listSeries,
  setSeriesStatus,
} from '../_shared/series/manage.js';
import { clearOccurrence, overrideOccurrence } from '../_shared/series/occurrences.js';
import * as z from 'zod';

const found = { 404: { description: 'No such series' } };
const stale = { 412: { description: 'Stale If-Match version' } };

/**
 * Series "on schedule": each occurrence of an RRULE becomes its own task at a lead time before it is
 * due, done or not (the `series-scheduler` creates them). Edit the series as a whole or this and
 * following; "this one" before it is created is an override the scheduler applies when it creates it
 * (or skips it), and once created it is its task (PATCH /api/tasks/:id).
 */
export function series(deps: Deps) {
  const signedIn = requireUser(deps);
  const occurrence = {
    200: {
      description: 'The occurrence, `edited` or `skipped` (or `planned` again)',
      schema: Occurrence,
    },
    ...found,
    409: { description: 'Already a task (change that), or it will not be created' },
  };
  const status = (action: 'pause' | 'resume' | 'end', summary: string) =>
    [
      describe({
        summary,
        responses: { 200: { description: 'The series', schema: Series }, ...found, ...stale },
      }),
      signedIn,
      paramsOf(IdParam),
      headersOf(IfMatchHeader),
    ] as const;
  return new Hono<AppEnv>()
    .get(
      '/api/series',
      describe({
        summary: 'The series of the projects the user may read, newest first',
        responses: { 200: { description: 'Series', schema: z.array(Series) } },
      }),
      signedIn,
      queryOf(SeriesListQuery),
      async (c) => c.json(await listSeries(deps, c.var.userId, c.req.valid('query').project_id)),
    )
    .post(
      '/api/series',
      describe({
        summary: 'Start a series on schedule',
        responses: { 201: { description: 'The series', schema: Series } },
      }),
      signedIn,
      jsonBody(SeriesCreateBody),
      async (c) => c.json(await createSeries(deps, c.var.userId, c.req.valid('json')), 201),
    )
    .get(
      '/api/series/:id',
      describe({
        summary: 'One series',
        responses: { 200: { description: 'The series', schema: Series }, ...found },
      }),
      signedIn,
      paramsOf(IdParam),
      async (c) => c.json(await getSeries(deps, c.var.userId, c.req.valid('param').id)),
    )
    .patch(
      '/api/series/:id',
      describe({
        summary:
          'Change a series: all (what it has not created yet) or this and following (a new series from `from`)',
        responses: {
          200: {
            description: 'The series changed, or the new one for `following`',
            schema: Series,
          },
          ...found,
          ...stale,
        },
      }),
      signedIn,
      paramsOf(IdParam),
      headersOf(IfMatchHeader),
      jsonBody(SeriesPatchBody),
      async (c) =>
        c.json(
          await patchSeries(
            deps,
            c.var.userId,
            c.req.valid('param').id,
            c.req.valid('json'),
            c.req.valid('header')['if-match'],
          ),
        ),
    )
    .post(
      '/api/series/:id/pause',
      ...status('pause', 'Pause: no occurrences are created until it is resumed'),
      async (c) =>
        c.json(
          await setSeriesStatus(
            deps,
            c.var.userId,
            c.req.valid('param').id,
            'pause',
            c.req.valid('header')['if-match'],
          ),
        ),
    )
    .post(
      '/api/series/:id/resume',
      ...status('resume', 'Resume from now on: occurrences that fell in the pause are not created'),
      async (c) =>
        c.json(
          await setSeriesStatus(
            deps,
            c.var.userId,
            c.req.valid('param').id,
            'resume',
            c.req.valid('header')['if-match'],
          ),
        ),
    )
    .post(
      '/api/series/:id/end',
      ...status('end', 'End: no more occurrences; the tasks it created stay'),
      async (c) =>
        c.json(
          await setSeriesStatus(
            deps,
            c.var.userId,
            c.req.valid('param').id,
            'end',
            c.req.valid('header')['if-match'],
          ),
        ),
    )
    .put(
      '/api/series/:id/occurrences/:due',
      describe({
        summary:
          '"This one": skip an occurrence not created yet, or change what it will be created with',
        responses: occurrence,
      }),
      signedIn,
      paramsOf(OccurrenceParam),
      jsonBody(OccurrenceBody),
      async (c) =>
        c.json(
          await overrideOccurrence(
            deps,
            c.var.userId,
            c.req.valid('param').id,
            c.req.valid('param').due,
            c.req.valid('json'),
          ),
        ),
    )
    .delete(
      '/api/series/:id/occurrences/:due',
      describe({
        summary: 'Undo "this one": the occurrence is created as the series has it',
        responses: occurrence,
      }),
      signedIn,
      paramsOf(OccurrenceParam),
      async (c) =>
        c.json(
          await clearOccurrence(
            deps,
            c.var.userId,
            c.req.valid('param').id,
            c.req.valid('param').due,
          ),
        ),
    )
    .delete(
      '/api/series/:id',
      describe({
        summary: 'Delete a series; `instances` says whether the tasks it created stay or go',
        responses: { 204: { description: 'Deleted' }, ...found },
      }),
      signedIn,
      paramsOf(IdParam),
      queryOf(SeriesDeleteQuery),
      async (c) => {
        await deleteSeries(
          deps,
          c.var.userId,
          c.req.valid('param').id,
          c.req.valid('query').instances,
        );
        return c.body(null, 204);
      },
    );
}
