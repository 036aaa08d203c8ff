import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { remind } from '../../test/support/channels.js';
import { tick, userIn } from '../../test/support/schedule.js';
import {
  decryptPush,
  startPushService,
  testBrowser,
  verifyVapid,
  type TestBrowser,
} from '../../test/support/push-service.js';
import { useTestApp } from '../../test/support/test-app.js';
import { deliveriesOf } from '../_shared/db/deliveries.js';

// The push service starts first; the VAPID keys are this test's, as an operator's Secret would give them.
let service: Awaited<ReturnType<typeof startPushService>>;
const vapid = webpush.generateVAPIDKeys();
const appEnv = {
  PUBLIC_URL: 'https://ripple.example',
  VAPID_PUBLIC_KEY: vapid.publicKey,
  VAPID_PRIVATE_KEY: vapid.privateKey,
  VAPID_SUBJECT: 'mailto:ops@ripple.example',
  JWT_TTL_SECONDS: String(30 * 24 * 3600),
};
beforeAll(async () => void (service = await startPushService()));
afterAll(() => service?.close());
const env = useTestApp({ env: appEnv });

let devices = 0;
/** A user with a browser subscribed to pushes at the test's push service. */
async function subscribed() {
  const user = await userIn(env.t.app);
  const browser: TestBrowser = testBrowser();
  const path = `/push/${++devices}`;
  const sub = await user.post(
    '/api/push-subscriptions',
    { endpoint: `${service.origin}${path}`, keys: browser.keys },
    { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0' },
  );
  expect(sub.status).toBe(201);
  return { user, browser, path, subscription: sub.body };
}
const pushesTo = (path: string) => service.pushes.filter((p) => p.path === path);

describe('push-sender', () => {
  it('pushes a reminder encrypted for the browser, signed with VAPID, with TTL, Urgency and Topic', async () => {
    const { user, browser, path, subscription } = await subscribed();
    expect(subscription.label).toBe('Firefox on Linux');
    const task = await remind(env.t, user, 'Water the plants', '2026-03-01T09:10:00Z');
    const [push, ...more] = pushesTo(path);
    expect(more).toEqual([]);
    const [notification] = (await user.get('/api/notifications')).body;
    expect(decryptPush(push!, browser)).toEqual({
      id: notification.id,
      kind: 'reminder',
      title: 'Reminder: Water the plants',
      body: 'It is time for “Water the plants”.',
      url: `https://ripple.example/#/?task=${task.id}`,
      task_id: task.id,
    });
    expect(push!.headers).toMatchObject({
      'content-encoding': 'aes128gcm',
      ttl: '86400',
      urgency: 'high',
      topic: notification.id.replaceAll('-', ''),
    });
    const { k, claims, header } = verifyVapid(push!);
    expect(k).toBe(vapid.publicKey);
    expect(header).toEqual({ typ: 'JWT', alg: 'ES256' });
    expect(claims.aud).toBe(service.origin);
    expect(claims.sub).toBe('mailto:ops@ripple.example');
    expect(claims.exp * 1000).toBeGreaterThan(Date.now());
    expect(claims.exp * 1000).toBeLessThanOrEqual(Date.now() + 24 * 3600 * 1000);
    // A browser that is not the subscription's cannot read it.
    expect(() => decryptPush(push!, testBrowser())).toThrow();
  });

  it('forgets a subscription the push service answers 410 Gone for', async () => {
    const { user, path } = await subscribed();
    service.answer({ status: 410 });
    await remind(env.t, user, 'Nobody listens', '2026-03-02T09:00:00Z');
    expect(pushesTo(path)).toHaveLength(1);
    expect((await user.get('/api/push-subscriptions')).body).toEqual([]);
    expect(await deliveriesOf(env.t.deps.db, 'push', user.user.id)).toMatchObject([
      { status: 'gone', reason: expect.stringMatching(/410/) },
    ]);
    await remind(env.t, user, 'Still nobody', '2026-03-02T09:05:00Z');
    expect(pushesTo(path)).toHaveLength(1);
  });

  it('waits as long as a 429 Retry-After says, then pushes once', async () => {
    const { user, browser, path } = await subscribed();
    service.answer({ status: 429, headers: { 'retry-after': '120' } });
    await remind(env.t, user, 'Busy service', '2026-03-03T09:00:00Z');
    expect(pushesTo(path)).toHaveLength(1);
    expect(await deliveriesOf(env.t.deps.db, 'push', user.user.id)).toMatchObject([
      { status: 'pending', attempts: 1, next_attempt_at: new Date('2026-03-03T09:02:00Z') },
    ]);
    env.t.clock.set('2026-03-03T09:01:59Z');
    await tick(env.t, 'agenda-scheduler');
    expect(pushesTo(path)).toHaveLength(1);
    env.t.clock.set('2026-03-03T09:02:00Z');
    await tick(env.t, 'agenda-scheduler');
    await tick(env.t, 'agenda-scheduler');
    const pushes = pushesTo(path);
    expect(pushes).toHaveLength(2);
    expect(decryptPush(pushes[1]!, browser)).toMatchObject({ title: 'Reminder: Busy service' });
    expect(await deliveriesOf(env.t.deps.db, 'push', user.user.id)).toMatchObject([
      { status: 'sent', attempts: 2 },
    ]);
  });

  it('pushes nothing for a kind the user turned off for push', async () => {
    const { user, path } = await subscribed();
    const prefs = (await user.get('/api/notification-preferences')).body;
    prefs.channels.reminder.push = false;
    expect((await user.send('PUT', '/api/notification-preferences', prefs)).status).toBe(200);
    await remind(env.t, user, 'Quietly', '2026-03-04T09:00:00Z');
    expect(pushesTo(path)).toEqual([]);
    expect((await user.get('/api/notifications')).body).toMatchObject([
      { title: 'Quietly', read_at: null },
    ]);
  });
});
