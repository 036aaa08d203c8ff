import { describe, expect, it } from 'vitest';
import { client } from '../../test/support/client.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();
const email = () => `st-${Math.random().toString(36).slice(2)}@example.com`;

describe('sign-up with starter tags', () => {
  it('starts an account with the seeds’ tags when it asks, and with none by default', async () => {
    const anon = client(env.t.app);
    const asked = await anon.post('/api/auth/signup', {
      email: email(),
      password: 'starter tags please',
      starter_tags: true,
    });
    expect(asked.status).toBe(201);
    const tags = (await client(env.t.app, asked.body.token).get('/api/tags')).body;
    expect(tags.map((t: { name: string }) => t.name).sort()).toEqual([
      'Finance',
      'Health',
      'Personal',
      'Shopping',
      'Work',
    ]);
    expect(new Set(tags.map((t: { color: string }) => t.color)).size).toBe(5);

    const plain = await anon.post('/api/auth/signup', {
      email: email(),
      password: 'no tags for me',
    });
    expect((await client(env.t.app, plain.body.token).get('/api/tags')).body).toEqual([]);
  });

  it('refuses a starter_tags that is not a boolean, and creates no account', async () => {
    const address = email();
    const res = await client(env.t.app).post('/api/auth/signup', {
      email: address,
      password: 'starter tags please',
      starter_tags: 'yes',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'starter_tags', message: expect.any(String) }]);
    expect(
      await env.db.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', address)
        .executeTakeFirst(),
    ).toBeUndefined();
  });
});
