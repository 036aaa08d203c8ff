import { Hono } from 'hono';
import * as z from 'zod';
import {
  listSubscriptions,
  subscribePush,
  unsubscribePush,
  vapidPublicKey,
} from '../_shared/channels/subscriptions.js';
import type { Deps } from '../_shared/deps.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';
import { jsonBody, paramsOf } from '../_shared/http/validate.js';
import { PushSubscription, PushSubscriptionInput } from '../_shared/schemas/channels.js';
import { IdParam } from '../_shared/schemas/common.js';

const PushKey = z.object({ public_key: z.string() });

/** /api/push-subscriptions: the browsers (devices) a user gets pushes on, and the key they subscribe with. */
export function pushSubscriptions(deps: Deps) {
  return new Hono<AppEnv>()
    .get(
      '/api/push-subscriptions/key',
      describe({
        summary: "The server's VAPID public key (a browser subscribes with it)",
        responses: {
          200: { description: 'The key', schema: PushKey },
          503: { description: 'Push is not configured' },
        },
      }),
      requireUser(deps),
      (c) => c.json({ public_key: vapidPublicKey(deps) }),
    )
    .post(
      '/api/push-subscriptions',
      describe({
        summary: 'Subscribe this browser to pushes (the same endpoint again updates it)',
        responses: { 201: { description: 'The subscription', schema: PushSubscription } },
      }),
      requireUser(deps),
      jsonBody(PushSubscriptionInput),
      async (c) =>
        c.json(
          await subscribePush(deps, c.var.userId, c.req.valid('json'), c.req.header('user-agent')),
          201,
        ),
    )
    .get(
      '/api/push-subscriptions',
      describe({
        summary: 'My subscribed browsers',
        responses: {
          200: { description: 'Subscriptions, oldest first', schema: z.array(PushSubscription) },
        },
      }),
      requireUser(deps),
      async (c) => c.json(await listSubscriptions(deps, c.var.userId)),
    )
    .delete(
      '/api/push-subscriptions/:id',
      describe({
        summary: 'Stop pushing to a browser',
        responses: {
          204: { description: 'Removed' },
          404: { description: 'No such subscription' },
        },
      }),
      requireUser(deps),
      paramsOf(IdParam),
      async (c) => {
        await unsubscribePush(deps, c.var.userId, c.req.valid('param').id);
        return c.body(null, 204);
      },
    );
}
