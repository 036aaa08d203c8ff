import type { Migration } from 'kysely';
import * as init from './2026-11-23T0900-init.js';
import * as taskQueries from './2026-11-23T1010-task-queries.js';
import * as eventSpine from './2026-11-23T1400-event-spine.js';
import * as recurrence from './2026-11-23T1700-recurrence.js';
import * as reminders from './2026-11-23T1800-reminders.js';
import * as stream from './2026-11-23T1900-stream.js';
import * as deadLetters from './2026-11-23T2000-dead-letters.js';
import * as refreshTokens from './2026-11-23T2100-refresh-tokens.js';
import * as untouchedOccurrences from './2026-12-01T0800-untouched-occurrences.js';
import * as signinDelays from './2026-12-01T0810-signin-delays.js';
import * as idempotencyKeys from './2026-12-01T0900-idempotency-keys.js';
import * as projects from './2026-12-01T1000-projects.js';
import * as calendarFeeds from './2026-12-01T1100-calendar-feeds.js';
import * as series from './2026-12-01T1110-series.js';
import * as accessTokens from './2026-12-01T1200-access-tokens.js';
import * as chat from './2026-12-01T1210-chat.js';
import * as channels from './2026-12-01T1220-channels.js';
import * as taskPosition from './2026-12-01T1230-task-position.js';
import * as seriesOverrides from './2026-12-01T1240-series-overrides.js';
import * as sessions from './2026-12-01T1250-sessions.js';
import * as streamAppendMany from './2026-12-02T0000-stream-append-many.js';
import * as taskTagList from './2026-12-03T0000-task-tag-list.js';

/**
 * Every migration, by name. A static list rather than a folder scan, so the bundled function
 * (one file in the image) carries its migrations with it. Names sort by timestamp.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-23T0900-init': init,
  '2026-11-23T1010-task-queries': taskQueries,
  '2026-11-23T1400-event-spine': eventSpine,
  '2026-11-23T1700-recurrence': recurrence,
  '2026-11-23T1800-reminders': reminders,
  '2026-11-23T1900-stream': stream,
  '2026-11-23T2000-dead-letters': deadLetters,
  '2026-11-23T2100-refresh-tokens': refreshTokens,
  '2026-12-01T0800-untouched-occurrences': untouchedOccurrences,
  '2026-12-01T0810-signin-delays': signinDelays,
  '2026-12-01T0900-idempotency-keys': idempotencyKeys,
  '2026-12-01T1000-projects': projects,
  '2026-12-01T1100-calendar-feeds': calendarFeeds,
  '2026-12-01T1110-series': series,
  '2026-12-01T1200-access-tokens': accessTokens,
  '2026-12-01T1210-chat': chat,
  '2026-12-01T1220-channels': channels,
  '2026-12-01T1230-task-position': taskPosition,
  '2026-12-01T1240-series-overrides': seriesOverrides,
  '2026-12-01T1250-sessions': sessions,
  '2026-12-02T0000-stream-append-many': streamAppendMany,
  '2026-12-03T0000-task-tag-list': taskTagList,
};
