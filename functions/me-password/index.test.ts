import { expect, it } from 'vitest';
import { client, signedInClient } from '../../test/support/client.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp({ env: { SIGNIN_FREE_FAILURES: '2', SIGNIN_DELAY_SECONDS: '10' } });

const OLD = 'correct horse battery';
const NEW = 'staple battery horse';
const signIn = (email: string, password: string) =>
  client(env.t.app).post('/api/auth/signin', { email, password });
const refresh = (refresh_token: string) =>
  client(env.t.app).post('/api/auth/refresh', { refresh_token });

it('refuses a wrong current password and a weak or unchanged new one, changing nothing', async () => {
  const user = await signedInClient(env.t.app);
  const wrong = await user.post('/api/me/password', {
    current_password: 'not it at all',
    new_password: NEW,
  });
  expect(wrong.status).toBe(400);
  expect(wrong.headers.get('content-type')).toBe('application/problem+json');
  expect(wrong.body.errors).toEqual([
    { path: 'current_password', message: 'is not your current password' },
  ]);
  for (const new_password of ['short', '  a b c d e f g  ']) {
    const weak = await user.post('/api/me/password', { current_password: OLD, new_password });
    expect(weak.status, new_password).toBe(400);
    expect(weak.body.errors[0].path).toBe('new_password');
  }
  expect(
    (await user.post('/api/me/password', { current_password: OLD, new_password: OLD })).body
      .errors[0].path,
  ).toBe('new_password');
  expect((await user.post('/api/me/password', { current_password: OLD })).status).toBe(400);
  expect(
    (await client(env.t.app).post('/api/me/password', { current_password: OLD, new_password: NEW }))
      .status,
  ).toBe(401);
  expect((await signIn(user.email, OLD)).status).toBe(200);
});

it('changes the password and signs out every other session; this one goes on', async () => {
  const here = (
    await client(env.t.app).post('/api/auth/signup', { email: 'mover@example.com', password: OLD })
  ).body;
  const elsewhere = (await signIn('mover@example.com', OLD)).body;
  const me = client(env.t.app, here.token);

  // With a key, as the UI sends one: nothing of it is kept, so a retry is decided again (and refused).
  const key = { 'idempotency-key': '"change-1"' };
  const changed = await me.post(
    '/api/me/password',
    { current_password: OLD, new_password: NEW },
    key,
  );
  expect(changed.status).toBe(204);
  expect(
    (await me.post('/api/me/password', { current_password: OLD, new_password: NEW }, key)).status,
  ).toBe(400);

  expect((await refresh(elsewhere.refresh_token)).status).toBe(401);
  const renewed = await refresh(here.refresh_token);
  expect(renewed.status).toBe(200);
  expect(
    (await client(env.t.app, renewed.body.token).get('/api/sessions')).body.items,
  ).toHaveLength(1);
  expect((await signIn('mover@example.com', OLD)).status).toBe(401);
  expect((await signIn('mover@example.com', NEW)).status).toBe(200);
});

it('slows down guessing the current password as sign-in does, and a right one forgets the guesses', async () => {
  const user = await signedInClient(env.t.app);
  const guess = () =>
    user.post('/api/me/password', { current_password: 'a guess here', new_password: NEW });
  expect([(await guess()).status, (await guess()).status]).toEqual([400, 400]);
  const held = await guess();
  expect(held.status).toBe(429);
  expect(held.headers.get('retry-after')).toBe('10');
  // Held even with the right one, while it waits.
  expect(
    (await user.post('/api/me/password', { current_password: OLD, new_password: NEW })).status,
  ).toBe(429);
  env.t.clock.advance(10_000);
  expect(
    (await user.post('/api/me/password', { current_password: OLD, new_password: NEW })).status,
  ).toBe(204);
  expect(
    (await user.post('/api/me/password', { current_password: 'wrong again', new_password: OLD }))
      .status,
  ).toBe(400);
});
