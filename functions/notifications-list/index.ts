import { Hono } from 'hono';
import * as z from 'zod';
import type { Deps } from '../_shared/deps.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';
import { queryOf } from '../_shared/http/validate.js';
import { listNotifications } from '../_shared/notifications/notifications.js';
import { Notification, NotificationQuery } from '../_shared/schemas/notification.js';

/** GET /api/notifications */
export function notificationsList(deps: Deps) {
  return new Hono<AppEnv>().get(
    '/api/notifications',
    describe({
      summary: "The caller's notifications, newest first (100 at most)",
      responses: { 200: { description: 'Notifications', schema: z.array(Notification) } },
    }),
    requireUser(deps),
    queryOf(NotificationQuery),
    async (c) =>
      c.json(await listNotifications(deps, c.var.userId, c.req.valid('query').unread ?? false)),
  );
}
