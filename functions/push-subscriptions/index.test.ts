import { describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { userIn } from '../../test/support/schedule.js';
import { testBrowser } from '../../test/support/push-service.js';
import { useTestApp } from '../../test/support/test-app.js';

const vapid = webpush.generateVAPIDKeys();
const env = useTestApp({
  env: { VAPID_PUBLIC_KEY: vapid.publicKey, VAPID_PRIVATE_KEY: vapid.privateKey },
});
const endpoint = (n: number) => `https://push.example/send/${n}`;

describe('push subscriptions', () => {
  it('are kept per device, listed, renewed by endpoint and removed by their user only', async () => {
    const user = await userIn(env.t.app);
    const other = await userIn(env.t.app);
    expect((await user.get('/api/push-subscriptions/key')).body).toEqual({
      public_key: vapid.publicKey,
    });
    const phone = await user.post(
      '/api/push-subscriptions',
      { endpoint: endpoint(1), keys: testBrowser().keys },
      {
        'user-agent':
          'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/140.0 Mobile Safari/537.36',
      },
    );
    const laptop = await user.post('/api/push-subscriptions', {
      endpoint: endpoint(2),
      keys: testBrowser().keys,
      label: 'Work laptop',
    });
    expect(phone.status).toBe(201);
    expect(phone.body).toEqual({
      id: expect.any(String),
      endpoint: endpoint(1),
      label: 'Chrome on Android',
      created_at: expect.any(String),
    });
    expect(laptop.body.label).toBe('Work laptop');
    // The same browser subscribing again (new keys) stays one device.
    const again = await user.post('/api/push-subscriptions', {
      endpoint: endpoint(1),
      keys: testBrowser().keys,
      label: 'My phone',
    });
    expect(again.body).toMatchObject({ id: phone.body.id, label: 'My phone' });
    expect(
      (await user.get('/api/push-subscriptions')).body.map((s: { label: string }) => s.label),
    ).toEqual(['My phone', 'Work laptop']);
    expect((await other.get('/api/push-subscriptions')).body).toEqual([]);

    expect((await other.delete(`/api/push-subscriptions/${phone.body.id}`)).status).toBe(404);
    expect((await user.delete(`/api/push-subscriptions/${phone.body.id}`)).status).toBe(204);
    expect((await user.delete(`/api/push-subscriptions/${phone.body.id}`)).status).toBe(404);
    expect(
      (await user.get('/api/push-subscriptions')).body.map((s: { id: string }) => s.id),
    ).toEqual([laptop.body.id]);
  });

  it('refuse what a browser would not send with 400, keeping nothing', async () => {
    const user = await userIn(env.t.app);
    const keys = testBrowser().keys;
    for (const body of [
      { endpoint: 'ftp://push.example/1', keys },
      { endpoint: endpoint(3), keys: { ...keys, p256dh: 'short' } },
      { endpoint: endpoint(3), keys: { ...keys, auth: 'not base64url!' } },
      { endpoint: endpoint(3) },
      { endpoint: endpoint(3), keys, label: '' },
    ]) {
      expect((await user.post('/api/push-subscriptions', body)).status, JSON.stringify(body)).toBe(
        400,
      );
    }
    expect((await user.get('/api/push-subscriptions')).body).toEqual([]);
  });
});
