import type { Deps } from '../deps.js';
import {
  deletePushSubscription,
  listPushSubscriptions,
  upsertPushSubscription,
} from '../db/push-subscriptions.js';
import { notFound, Problem } from '../errors.js';
import type { PushSubscriptionView } from '../schemas/channels.js';

type Row = Awaited<ReturnType<typeof listPushSubscriptions>>[number];
const view = (r: Row): PushSubscriptionView => ({
  id: r.id,
  endpoint: r.endpoint,
  label: r.label,
  created_at: r.created_at.toISOString(),
});

/** The public VAPID key browsers subscribe with (`applicationServerKey`); 503 while push is not configured. */
export function vapidPublicKey(deps: Deps): string {
  if (!deps.config.VAPID_PUBLIC_KEY || !deps.config.VAPID_PRIVATE_KEY)
    throw new Problem(503, {
      title: 'Push not configured',
      detail: 'This server has no VAPID keys: set VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY',
    });
  return deps.config.VAPID_PUBLIC_KEY;
}

export async function subscribePush(
  deps: Deps,
  userId: string,
  input: { endpoint: string; keys: { p256dh: string; auth: string }; label?: string | undefined },
  userAgent: string | undefined,
) {
  vapidPublicKey(deps);
  const label = input.label ?? userAgentLabel(userAgent);
  const row = {
    id: deps.ids.next(),
    user_id: userId,
    endpoint: input.endpoint,
    p256dh: input.keys.p256dh,
    auth: input.keys.auth,
    label,
    created_at: deps.clock.now(),
  };
  return view(await upsertPushSubscription(deps.db, row));
}

export const listSubscriptions = async (deps: Deps, userId: string) =>
  (await listPushSubscriptions(deps.db, userId)).map(view);

export async function unsubscribePush(deps: Deps, userId: string, id: string): Promise<void> {
  if (!(await deletePushSubscription(deps.db, id, userId)))
    throw notFound('No such push subscription');
}

/** A device's name from its User-Agent, as a person would say it: "Firefox on Linux". */
export function userAgentLabel(ua: string | undefined): string {
  if (!ua) return 'A browser';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : 'A browser';
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : null;
  return os ? `${browser} on ${os}` : browser;
}
