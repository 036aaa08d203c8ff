import { Hono } from 'hono';
import type { Deps } from '../_shared/deps.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';
import { paramsOf } from '../_shared/http/validate.js';
import { markNotificationRead } from '../_shared/notifications/notifications.js';
import { IdParam } from '../_shared/schemas/common.js';
import { Notification } from '../_shared/schemas/notification.js';

/** POST /api/notifications/:id/read */
export function notificationsRead(deps: Deps) {
  return new Hono<AppEnv>().post(
    '/api/notifications/:id/read',
    describe({
      summary: 'Mark a notification read',
      responses: {
        200: { description: 'The notification', schema: Notification },
        404: { description: 'Not found' },
      },
    }),
    requireUser(deps),
    paramsOf(IdParam),
    async (c) => c.json(await markNotificationRead(deps, c.var.userId, c.req.valid('param').id)),
  );
}
