import { expect, it } from 'vitest';
import { client, signedInClient } from '../../test/support/client.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp({ env: { TRUST_PROXY_HOPS: '1' } });

const PASSWORD = 'correct horse battery';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';
const signIn = (email: string, from: Record<string, string> = {}) =>
  client(env.t.app).post('/api/auth/signin', { email, password: PASSWORD }, from);
const refresh = (refresh_token: string, from: Record<string, string> = {}) =>
  client(env.t.app).post('/api/auth/refresh', { refresh_token }, from);
const minutes = (n: number) => env.t.clock.advance(n * 60_000);

it("lists the account's sessions, newest use first, the asking one marked, with where each was last used", async () => {
  const user = await signedInClient(env.t.app);
  minutes(1);
  const phone = (
    await signIn(user.email, { 'user-agent': 'Ripple phone', 'x-forwarded-for': '198.51.100.7' })
  ).body;
  minutes(1);
  const laptop = (
    await signIn(user.email, { 'user-agent': FIREFOX, 'x-forwarded-for': '203.0.113.5' })
  ).body;
  minutes(1);
  // A renewal is a use: the phone's, from another address, moves it first; it stays one session.
  expect(
    (
      await refresh(phone.refresh_token, {
        'user-agent': 'Ripple phone',
        'x-forwarded-for': '198.51.100.8',
      })
    ).status,
  ).toBe(200);

  const list = await client(env.t.app, laptop.token).get('/api/sessions');
  expect(list.status).toBe(200);
  const items = list.body.items as {
    id: string;
    created_at: string;
    last_used_at: string;
    user_agent: string | null;
    ip: string | null;
    current: boolean;
  }[];
  expect(items.map((s) => [s.user_agent, s.ip, s.current])).toEqual([
    ['Ripple phone', '198.51.100.8', false],
    [FIREFOX, '203.0.113.5', true],
    [null, 'unknown', false],
  ]);
  expect(items[0]).toMatchObject({
    created_at: '2026-03-01T09:01:00.000Z',
    last_used_at: '2026-03-01T09:03:00.000Z',
  });
  // Another user sees only their own.
  expect((await (await signedInClient(env.t.app)).get('/api/sessions')).body.items).toHaveLength(1);
});

it('signs one session out: its refresh token stops working, the others go on; another user cannot touch it', async () => {
  const user = await signedInClient(env.t.app);
  const other = (await signIn(user.email)).body;
  const third = (await signIn(user.email)).body;
  const stranger = await signedInClient(env.t.app);
  const targetId = (
    (await client(env.t.app, other.token).get('/api/sessions')).body.items as {
      id: string;
      current: boolean;
    }[]
  ).find((s) => s.current)!.id;
  expect((await user.get('/api/sessions')).body.items.map((s: { id: string }) => s.id)).toContain(
    targetId,
  );

  expect((await stranger.delete(`/api/sessions/${targetId}`)).status).toBe(404);
  expect((await user.delete('/api/sessions/not-an-id')).status).toBe(400);
  expect((await user.get('/api/sessions')).body.items).toHaveLength(3);
  expect((await user.delete(`/api/sessions/${targetId}`)).status).toBe(204);
  expect((await user.delete(`/api/sessions/${targetId}`)).status).toBe(404);
  expect((await refresh(other.refresh_token)).status).toBe(401);
  expect((await refresh(third.refresh_token)).status).toBe(200);
  expect((await user.get('/api/sessions')).body.items).toHaveLength(2);
  // Its access token lives out its minutes (15 at most), then it is over.
  expect((await client(env.t.app, other.token).get('/api/me')).status).toBe(200);
  minutes(16);
  expect((await client(env.t.app, other.token).get('/api/me')).status).toBe(401);
});

it('signs out every other session at once, and only the caller is left', async () => {
  const here = (
    await client(env.t.app).post('/api/auth/signup', {
      email: 'alone@example.com',
      password: PASSWORD,
    })
  ).body;
  const others = [
    (await signIn('alone@example.com')).body,
    (await signIn('alone@example.com')).body,
  ];
  const stranger = await signedInClient(env.t.app);
  const strangerBefore = (await stranger.get('/api/sessions')).body.items;
  const me = client(env.t.app, here.token);
  expect((await me.delete('/api/sessions')).status).toBe(204);
  for (const o of others) expect((await refresh(o.refresh_token)).status).toBe(401);
  expect(
    (await me.get('/api/sessions')).body.items.map((s: { current: boolean }) => s.current),
  ).toEqual([true]);
  expect((await refresh(here.refresh_token)).status).toBe(200);
  expect((await stranger.get('/api/sessions')).body.items).toEqual(strangerBefore);
  expect((await client(env.t.app).get('/api/sessions')).status).toBe(401);
});
