import { Hono } from 'hono';
import { feedStatus, regenerateFeed, renderFeed, revokeFeed } from '../_shared/calendar/feeds.js';
import type { Deps } from '../_shared/deps.js';
import { notFound } from '../_shared/errors.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';
import { paramsOf } from '../_shared/http/validate.js';
import { CalendarFeed, CalendarFeedStatus, FeedFileParam } from '../_shared/schemas/calendar.js';

/** Whether an If-None-Match names this ETag (a list, weak or strong, or `*`). */
const matches = (header: string | undefined, etag: string) =>
  !!header &&
  (header.trim() === '*' || header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag));

/**
 * The calendar feed: a secret per-user URL serving the user's tasks with due dates as iCalendar
 * (VTODO with RRULE and VALARM, the zone as VTIMEZONE) for calendar apps to subscribe to, with an ETag
 * so that polling costs a 304; and its management (show, make or remake, revoke) for the signed-in user.
 */
export function calendarFeed(deps: Deps) {
  const signedIn = requireUser(deps);
  return new Hono<AppEnv>()
    .get(
      '/api/calendar/feed',
      describe({
        summary: 'Whether the calendar feed is on',
        responses: { 200: { description: 'Its state', schema: CalendarFeedStatus } },
      }),
      signedIn,
      async (c) => c.json(await feedStatus(deps, c.var.userId)),
    )
    .post(
      '/api/calendar/feed',
      describe({
        summary: 'Make the calendar feed’s secret URL, or a new one (the old one stops working)',
        responses: { 201: { description: 'The URL, shown this once', schema: CalendarFeed } },
      }),
      signedIn,
      async (c) => c.json(await regenerateFeed(deps, c.var.userId), 201),
    )
    .delete(
      '/api/calendar/feed',
      describe({
        summary: 'Revoke the calendar feed: its URL answers 404 from now on',
        responses: { 204: { description: 'Revoked' }, 404: { description: 'There was none' } },
      }),
      signedIn,
      async (c) => {
        await revokeFeed(deps, c.var.userId);
        return c.body(null, 204);
      },
    )
    .get(
      '/api/calendar/feeds/:file',
      describe({
        summary:
          'The feed (text/calendar), for calendar apps: no bearer token, the URL is the secret; If-None-Match answers 304',
        responses: {
          200: { description: 'iCalendar (RFC 5545)' },
          304: { description: 'Unchanged since that ETag' },
          404: { description: 'No such feed (revoked or replaced)' },
        },
      }),
      paramsOf(FeedFileParam),
      async (c) => {
        const file = c.req.valid('param').file;
        const feed = file.endsWith('.ics') ? await renderFeed(deps, file.slice(0, -4)) : undefined;
        if (!feed) throw notFound('No such calendar feed');
        const headers = {
          ETag: feed.etag,
          'Cache-Control': 'private, no-cache',
          'Referrer-Policy': 'no-referrer',
        };
        if (matches(c.req.header('if-none-match'), feed.etag)) return c.body(null, 304, headers);
        return c.body(feed.body, 200, {
          ...headers,
          'Content-Type': 'text/calendar; charset=utf-8',
          'Content-Disposition': 'inline; filename="ripple.ics"',
        });
      },
    );
}
