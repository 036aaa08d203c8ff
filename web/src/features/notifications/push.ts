import { request } from '../../lib/api.js';
import { ask } from '../../lib/intents.js';
import { session } from '../../lib/session.js';

const supported = () =>
  'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

/**
 * Registers the service worker once the page is there (not part of the first load), opens the task a
 * link names (`#/?task=<id>`, as mails and pushes link), and the task of a notification clicked while
 * this tab is open.
 */
export function startPush(): void {
  const task = new URLSearchParams(location.hash.split('?')[1] ?? '').get('task');
  if (task && /^[0-9a-f-]{36}$/i.test(task)) ask({ kind: 'open', id: task });
  // The lists the service worker keeps for offline use are this user's: gone when they sign out.
  session.subscribe((s) => {
    if (!s && 'caches' in window) caches.delete('ripple-lists').catch(() => {});
  });
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.addEventListener(
    'message',
    (event: MessageEvent<{ type?: string; task_id?: string | null }>) => {
      if (event.data?.type === 'open-task' && event.data.task_id)
        ask({ kind: 'open', id: event.data.task_id });
    },
  );
  navigator.serviceWorker.register('./sw.js').catch(() => {});
}

/**
 * Asked when a reminder is set, not at load: whether this browser may show reminders with Ripple
 * closed. Once allowed, it subscribes (the server's VAPID key) and tells the server; asked once.
 */
export async function offerPush(): Promise<void> {
  if (!supported() || Notification.permission === 'denied') return;
  if (
    Notification.permission === 'default' &&
    (await Notification.requestPermission()) !== 'granted'
  )
    return;
  const registration = await navigator.serviceWorker.ready;
  let subscription = await registration.pushManager.getSubscription();
  if (!subscription) {
    const { public_key: key } = await request<{ public_key: string }>(
      'GET',
      '/api/push-subscriptions/key',
    );
    const raw = Uint8Array.from(atob(key.replace(/-/g, '+').replace(/_/g, '/')), (c) =>
      c.charCodeAt(0),
    );
    subscription = await registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: raw,
    });
  }
  await request('POST', '/api/push-subscriptions', { body: subscription.toJSON() });
}
