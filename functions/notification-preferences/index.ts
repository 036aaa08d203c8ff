import { Hono } from 'hono';
import { getPreferences, putPreferences } from '../_shared/channels/preferences.js';
import type { Deps } from '../_shared/deps.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';
import { jsonBody } from '../_shared/http/validate.js';
import { NotificationPreferences } from '../_shared/schemas/channels.js';

/** GET and PUT /api/notification-preferences: what the user is told, where, and when not. */
export function notificationPreferences(deps: Deps) {
  return new Hono<AppEnv>()
    .get(
      '/api/notification-preferences',
      describe({
        summary: 'What I am told about, on which channel, my quiet hours and agenda hour',
        responses: { 200: { description: 'My preferences', schema: NotificationPreferences } },
      }),
      requireUser(deps),
      async (c) => c.json(await getPreferences(deps, c.var.userId)),
    )
    .put(
      '/api/notification-preferences',
      describe({
        summary: 'Replace my notification preferences',
        responses: { 200: { description: 'My preferences', schema: NotificationPreferences } },
      }),
      requireUser(deps),
      jsonBody(NotificationPreferences),
      async (c) => c.json(await putPreferences(deps, c.var.userId, c.req.valid('json'))),
    );
}
