import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { READ_ONLY_DETAIL } from '../_shared/auth/access-tokens.js';
import { client, signedInClient } from '../../test/support/client.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();

const lastUsed = async (id: string) =>
  (
    await env.db.db
      .selectFrom('access_tokens')
      .select('last_used_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).last_used_at?.toISOString() ?? null;

describe('personal access tokens', () => {
  it('creates a token shown once, lists it without its secret, stores only its hash, and records its use at most once a minute', async () => {
    const a = await signedInClient(env.t.app);
    const created = await a.post('/api/tokens', {
      name: ' Claude Desktop ',
      scope: 'read+write',
      expires_at: '2027-03-01T00:00:00+01:00',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Claude Desktop',
      scope: 'read+write',
      expires_at: '2027-02-28T23:00:00.000Z',
      last_used_at: null,
    });
    expect(created.body.token).toMatch(/^rpl_[A-Za-z0-9_-]{43}$/);
    expect(created.body.hint).toBe(created.body.token.slice(0, 8));
    const stored = await env.db.db
      .selectFrom('access_tokens')
      .selectAll()
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).toEqual(createHash('sha256').update(created.body.token).digest());
    expect(Object.values(stored).map(String).join(' ')).not.toContain(created.body.token.slice(8));

    const listed = await a.get('/api/tokens');
    const { token: _secret, ...shown } = created.body;
    expect(listed.body).toEqual([shown]);

    const agent = client(env.t.app, created.body.token);
    const task = await agent.post('/api/tasks', { title: 'Made by an agent' });
    expect(task.status).toBe(201);
    expect(task.body.created_by).toBe(a.user.id);
    const firstUse = await lastUsed(created.body.id);
    expect(firstUse).toBe(env.t.clock.now().toISOString());
    env.t.clock.advance(30_000);
    expect((await agent.get('/api/tasks')).status).toBe(200);
    expect(await lastUsed(created.body.id)).toBe(firstUse);
    env.t.clock.advance(31_000);
    expect((await agent.get('/api/tasks')).status).toBe(200);
    expect(await lastUsed(created.body.id)).toBe(env.t.clock.now().toISOString());
    expect((await a.get('/api/tokens')).body[0].last_used_at).toBe(env.t.clock.now().toISOString());
  });

  it('lets a read token read and open a stream, and refuses it every change with 403 and nothing changed', async () => {
    const a = await signedInClient(env.t.app);
    await a.post('/api/tasks', { title: 'Existing' });
    const { body } = await a.post('/api/tokens', { name: 'reader', scope: 'read' });
    const reader = client(env.t.app, body.token);
    expect(
      (await reader.get('/api/tasks')).body.items.map((t: { title: string }) => t.title),
    ).toEqual(['Existing']);
    expect((await reader.post('/api/stream/token')).status).toBe(200);
    for (const res of [
      await reader.post('/api/tasks', { title: 'Nope' }),
      await reader.post('/api/tags', { name: 'Nope' }),
      await reader.patch('/api/me', { name: 'Nope' }),
      await reader.post('/api/tokens', { name: 'more', scope: 'read+write' }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ title: 'Forbidden', detail: READ_ONLY_DETAIL });
    }
    expect((await a.get('/api/tasks')).body.items).toHaveLength(1);
    expect((await a.get('/api/tokens')).body).toHaveLength(1);
  });

  it('manages tokens only from a signed-in session, and only one’s own', async () => {
    const [a, b] = [await signedInClient(env.t.app), await signedInClient(env.t.app)];
    const { body } = await a.post('/api/tokens', { name: 'writer', scope: 'read+write' });
    const writer = client(env.t.app, body.token);
    for (const res of [
      await writer.get('/api/tokens'),
      await writer.post('/api/tokens', { name: 'x', scope: 'read' }),
      await writer.delete(`/api/tokens/${body.id}`),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.detail).toBe(
        'Access tokens are managed from a signed-in session, not with an access token',
      );
    }
    expect((await b.get('/api/tokens')).body).toEqual([]);
    expect((await b.delete(`/api/tokens/${body.id}`)).status).toBe(404);
    expect((await writer.get('/api/tasks')).status).toBe(200);
  });

  it('answers 401 with WWW-Authenticate once a token is revoked or expired, or was never issued', async () => {
    const a = await signedInClient(env.t.app);
    const revoked = (await a.post('/api/tokens', { name: 'old', scope: 'read+write' })).body;
    const expiring = (
      await a.post('/api/tokens', {
        name: 'brief',
        scope: 'read',
        expires_at: new Date(env.t.clock.now().getTime() + 60_000).toISOString(),
      })
    ).body;
    expect((await client(env.t.app, revoked.token).get('/api/tasks')).status).toBe(200);
    expect((await a.delete(`/api/tokens/${revoked.id}`)).status).toBe(204);
    expect((await a.delete(`/api/tokens/${revoked.id}`)).status).toBe(404);
    expect((await client(env.t.app, expiring.token).get('/api/tasks')).status).toBe(200);
    env.t.clock.advance(60_000);
    for (const [token, detail] of [
      [revoked.token, 'This access token is not valid: it was revoked or never issued'],
      [expiring.token, 'This access token has expired'],
      [`rpl_${'A'.repeat(43)}`, 'This access token is not valid: it was revoked or never issued'],
      ['rpl_short', 'This access token is not valid: it was revoked or never issued'],
    ]) {
      const res = await client(env.t.app, token).get('/api/tasks');
      expect(res.status, token).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(res.body.detail).toBe(detail);
    }
    expect((await a.get('/api/tokens')).body.map((t: { name: string }) => t.name)).toEqual([
      'brief',
    ]);
  });

  it('refuses a bad request naming the field, creating nothing', async () => {
    const a = await signedInClient(env.t.app);
    const cases: [unknown, string][] = [
      [{ name: '', scope: 'read' }, 'name'],
      [{ name: 'x', scope: 'admin' }, 'scope'],
      [{ name: 'x' }, 'scope'],
      [{ name: 'x', scope: 'read', expires_at: '2020-01-01T00:00:00Z' }, 'expires_at'],
      [{ name: 'x', scope: 'read', expires_at: 'next week' }, 'expires_at'],
      [{ name: 'x', scope: 'read', secret: 'mine' }, 'secret'],
    ];
    for (const [input, path] of cases) {
      const res = await a.post('/api/tokens', input);
      expect(res.status, JSON.stringify(input)).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([path]);
    }
    expect((await a.get('/api/tokens')).body).toEqual([]);
  });
});
