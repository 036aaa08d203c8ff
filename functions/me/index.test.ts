import { expect, it } from 'vitest';
import { client, signedInClient } from '../../test/support/client.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();

it('reads and changes the signed-in user; the change is what the next read sees', async () => {
  const user = await signedInClient(env.t.app);
  expect((await user.get('/api/me')).body).toMatchObject({
    email: user.email,
    name: null,
    timezone: 'UTC',
  });
  const changed = await user.patch('/api/me', { name: ' Grace ', timezone: 'america/new_york' });
  expect(changed.status).toBe(200);
  expect(changed.body).toMatchObject({ name: 'Grace', timezone: 'America/New_York' });
  expect((await user.get('/api/me')).body).toEqual(changed.body);
  expect((await user.patch('/api/me', { name: null })).body.name).toBeNull();
});

it('refuses an unknown time zone, a server-owned field, and an anonymous caller', async () => {
  const user = await signedInClient(env.t.app);
  expect((await user.patch('/api/me', { timezone: 'Nowhere/Land' })).status).toBe(400);
  expect((await user.patch('/api/me', { email: 'new@example.com' })).status).toBe(400);
  expect((await client(env.t.app).get('/api/me')).status).toBe(401);
  expect((await user.get('/api/me')).body.timezone).toBe('UTC');
});
