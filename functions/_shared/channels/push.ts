import webpush from 'web-push';
import type { Deps } from '../deps.js';
import { deletePushSubscription, pushTarget } from '../db/push-subscriptions.js';
import { retryAfterMs, type Sender } from './deliver.js';

/** How long a push service keeps a push for a browser that is offline: a reminder a day late is still worth seeing. */
const TTL_SECONDS = 24 * 3600;

/**
 * Web Push (RFC 8030/8291/8292): the payload encrypted (aes128gcm) for the subscription's keys and
 * signed with our VAPID key, by `web-push`; sent with fetch, so that every answer is ours to read.
 * `Topic` is the thing told (a notification's id): a push sent twice (a retry after a lost answer)
 * replaces the first one waiting at the push service instead of showing twice. 404/410: the browser
 * unsubscribed, the subscription is deleted; 429 and 5xx are retried after Retry-After.
 */
export function pushSender(deps: Deps): Sender {
  return {
    channel: 'push',
    async send(row, tx) {
      const {
        VAPID_PUBLIC_KEY: publicKey,
        VAPID_PRIVATE_KEY: privateKey,
        VAPID_SUBJECT: subject,
      } = deps.config;
      if (!publicKey || !privateKey)
        return { status: 'retry', reason: 'no VAPID keys are configured' };
      const sub = await pushTarget(tx, row.target);
      if (!sub) return { status: 'gone', reason: 'the subscription was removed' };
      const payload = JSON.stringify({ id: row.source_id, kind: row.kind, ...row.payload });
      const request = webpush.generateRequestDetails(
        { endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } },
        payload,
        {
          vapidDetails: { subject, publicKey, privateKey },
          TTL: TTL_SECONDS,
          urgency: row.kind === 'reminder' ? 'high' : 'normal',
          // At most 32 base64url characters: the notification's id without its dashes (32 hex digits, whole).
          topic: row.source_id.replaceAll('-', ''),
          contentEncoding: 'aes128gcm',
        },
      );
      const res = await fetch(request.endpoint, {
        method: request.method,
        headers: request.headers,
        body: new Uint8Array(request.body as Buffer),
        signal: AbortSignal.timeout(10_000),
      });
      const answer = (await res.text().catch(() => '')).slice(0, 200);
      if (res.ok) return { status: 'sent' };
      const reason = `the push service answered ${res.status}${answer ? `: ${answer}` : ''}`;
      if (res.status === 404 || res.status === 410) {
        await deletePushSubscription(tx, sub.id);
        return { status: 'gone', reason };
      }
      if (res.status === 429 || res.status >= 500)
        return {
          status: 'retry',
          reason,
          retryAfterMs: retryAfterMs(res.headers.get('retry-after'), deps.clock.now()),
        };
      return { status: 'failed', reason };
    },
  };
}
