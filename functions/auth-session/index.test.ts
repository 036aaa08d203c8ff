import { describe, expect, it } from 'vitest';
import { client } from '../../test/support/client.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();

let counter = 0;
async function signUp() {
  const res = await client(env.t.app).post('/api/auth/signup', {
    email: `session${++counter}@example.com`,
    password: 'correct horse battery',
  });
  expect(res.status).toBe(201);
  return res.body as {
    token: string;
    refresh_token: string;
    expires_in: number;
    user: { id: string };
  };
}
const refresh = (refresh_token: string) =>
  client(env.t.app).post('/api/auth/refresh', { refresh_token });
const minutes = (n: number) => env.t.clock.advance(n * 60_000);

describe('sessions: short-lived access tokens, renewed with a refresh token', () => {
  it('issues a 15-minute access token with a refresh token; once it expires, the refresh token gets a new pair', async () => {
    const session = await signUp();
    expect(session.expires_in).toBe(15 * 60);
    expect(session.refresh_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    minutes(16);
    expect((await client(env.t.app, session.token).get('/api/me')).status).toBe(401);

    const renewed = await refresh(session.refresh_token);
    expect(renewed.status).toBe(200);
    expect(renewed.body).toMatchObject({ expires_in: 900, user: { id: session.user.id } });
    expect(renewed.body.refresh_token).not.toBe(session.refresh_token);
    expect((await client(env.t.app, renewed.body.token).get('/api/me')).body.id).toBe(
      session.user.id,
    );
    // Stored as a hash only.
    const stored = await env.db.db
      .selectFrom('refresh_tokens')
      .select('token_hash')
      .where('user_id', '=', session.user.id)
      .execute();
    expect(stored.length).toBe(2);
    for (const row of stored)
      expect(row.token_hash.toString('utf8')).not.toContain(session.refresh_token.slice(0, 10));
  });

  it('lets a refresh token work a minute after its first exchange (tabs racing, a reload mid-exchange), then no more', async () => {
    const session = await signUp();
    const both = await Promise.all([
      refresh(session.refresh_token),
      refresh(session.refresh_token),
    ]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    // Each got a pair of its own, and each works.
    expect(both[0]!.body.refresh_token).not.toBe(both[1]!.body.refresh_token);
    for (const r of both)
      expect((await client(env.t.app, r.body.token).get('/api/me')).status).toBe(200);
    minutes(0.5);
    expect((await refresh(session.refresh_token)).status).toBe(200);
    // Past the minute from its first exchange, the old token is spent, and presenting it is theft.
    minutes(0.6);
    expect((await refresh(session.refresh_token)).status).toBe(401);
    expect((await refresh(both[0]!.body.refresh_token)).status).toBe(401);
  });

  it('treats a used refresh token presented again later as stolen: the whole session is revoked', async () => {
    const session = await signUp();
    const next = (await refresh(session.refresh_token)).body;
    minutes(5);
    // The copy of the old token is used by someone else...
    const thief = await refresh(session.refresh_token);
    expect(thief.status).toBe(401);
    expect(thief.headers.get('content-type')).toBe('application/problem+json');
    // ...and the rightful holder's newer token is revoked with it: both must sign in again.
    expect((await refresh(next.refresh_token)).status).toBe(401);
    const again = await client(env.t.app).post('/api/auth/signin', {
      email: `session${counter}@example.com`,
      password: 'correct horse battery',
    });
    expect((await refresh(again.body.refresh_token)).status).toBe(200);
  });

  it('ends with sign-out, and when a refresh token expires unused', async () => {
    const session = await signUp();
    const signout = await client(env.t.app).post('/api/auth/signout', {
      refresh_token: session.refresh_token,
    });
    expect(signout.status).toBe(204);
    expect((await refresh(session.refresh_token)).status).toBe(401);
    // Signing out a token that is not live says nothing about it.
    expect(
      (await client(env.t.app).post('/api/auth/signout', { refresh_token: 'never-issued' })).status,
    ).toBe(204);

    const idle = await signUp();
    env.t.clock.advance(env.t.deps.config.REFRESH_TTL_SECONDS * 1000 + 1000);
    expect((await refresh(idle.refresh_token)).status).toBe(401);
  });

  it('refuses a missing or malformed refresh token with 400, and an unknown one with 401', async () => {
    for (const body of [
      {},
      { refresh_token: '' },
      { refresh_token: 42 },
      { refresh_token: 'x'.repeat(300) },
      { refresh_token: 'ok', extra: 1 },
    ]) {
      expect(
        (await client(env.t.app).post('/api/auth/refresh', body)).status,
        JSON.stringify(body),
      ).toBe(400);
    }
    expect((await refresh('A'.repeat(43))).status).toBe(401);
  });
});
