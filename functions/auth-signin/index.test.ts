import { sign } from 'hono/jwt';
import { describe, expect, it } from 'vitest';
import { client, signedInClient } from '../../test/support/client.js';
import { TEST_JWT_SECRET, useTestApp } from '../../test/support/test-app.js';

const env = useTestApp({ env: { SIGNIN_MAX_FAILURES: '3', SIGNIN_WINDOW_SECONDS: '600' } });

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('sign-up', () => {
  it('creates an account, stores an argon2id hash, and answers a working token', async () => {
    const anon = client(env.t.app);
    const res = await anon.post('/api/auth/signup', { email: ' Ada@Example.COM ', password: 'analytical engine', name: 'Ada', timezone: 'Europe/London' });
    expect(res.status).toBe(201);
    expect(res.body.user).toEqual({ id: expect.any(String), email: 'ada@example.com', name: 'Ada', timezone: 'Europe/London', created_at: '2026-03-01T09:00:00.000Z' });
    const me = await client(env.t.app, res.body.token).get('/api/me');
    expect(me.body).toEqual(res.body.user);
    const row = await env.db.db.selectFrom('users').select('password_hash').where('id', '=', res.body.user.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain('analytical');
  });

  it('answers 409 for an email already taken, whatever its case', async () => {
    const anon = client(env.t.app);
    await anon.post('/api/auth/signup', { email: 'taken@example.com', password: 'password one' });
    const again = await anon.post('/api/auth/signup', { email: 'TAKEN@example.com', password: 'password two' });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toBe('application/problem+json');
  });

  it('refuses bad input with the field named', async () => {
    const anon = client(env.t.app);
    const cases: [object, string][] = [
      [{ email: 'not-an-email', password: 'long enough' }, 'email'],
      [{ email: 'a@b.io', password: 'short' }, 'password'],
      [{ email: 'a@b.io', password: 'long enough', timezone: 'Mars/Olympus' }, 'timezone'],
      [{ email: 'a@b.io', password: 'long enough', timezone: '+01:00' }, 'timezone'],
      [{ email: 'a@b.io', password: 'long enough', admin: true }, 'admin'],
      [{ password: 'long enough' }, 'email'],
    ];
    for (const [body, path] of cases) {
      const res = await anon.post('/api/auth/signup', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect(await env.db.db.selectFrom('users').select('id').where('email', '=', 'a@b.io').execute()).toEqual([]);
  });
});

describe('sign-in', () => {
  it('answers a token for the right password and the same 401 for a wrong password or an unknown email', async () => {
    const { email } = await signedInClient(env.t.app);
    const anon = client(env.t.app);
    const ok = await anon.post('/api/auth/signin', { email: email.toUpperCase(), password: 'correct horse battery' });
    expect(ok.status).toBe(200);
    expect((await client(env.t.app, ok.body.token).get('/api/me')).status).toBe(200);

    const wrong = await anon.post('/api/auth/signin', { email, password: 'wrong horse battery' });
    const unknown = await anon.post('/api/auth/signin', { email: 'nobody@example.com', password: 'wrong horse battery' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
  });

  it('answers 429 after repeated failures for one email, even with the right password, until the window passes', async () => {
    const { email } = await signedInClient(env.t.app);
    const anon = client(env.t.app);
    for (let i = 0; i < 3; i++) expect((await anon.post('/api/auth/signin', { email, password: `wrong ${i} guess` })).status).toBe(401);
    const locked = await anon.post('/api/auth/signin', { email, password: 'correct horse battery' });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another account is not affected.
    const other = await signedInClient(env.t.app);
    expect((await anon.post('/api/auth/signin', { email: other.email, password: 'correct horse battery' })).status).toBe(200);

    env.t.clock.advance(601_000);
    expect((await anon.post('/api/auth/signin', { email, password: 'correct horse battery' })).status).toBe(200);
    // Success clears the count: three more failures are needed to lock again.
    for (let i = 0; i < 2; i++) await anon.post('/api/auth/signin', { email, password: 'wrong again' });
    expect((await anon.post('/api/auth/signin', { email, password: 'correct horse battery' })).status).toBe(200);
  });
});

describe('bearer tokens', () => {
  it('answers 401 to a missing, malformed, expired, tampered, unsigned or foreign token', async () => {
    const user = await signedInClient(env.t.app);
    const [header, payload] = user.token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const now = Math.floor(env.t.clock.now().getTime() / 1000);
    const tokens = {
      missing: undefined,
      garbage: 'not-a-token',
      tampered: `${header}.${b64({ ...claims, sub: '00000000-0000-4000-8000-000000000000' })}.${user.token.split('.')[2]}`,
      algNone: `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`,
      wrongSecret: await sign({ ...claims }, 'another-secret-another-secret-another-secret', 'HS256'),
      wrongAudience: await sign({ ...claims, aud: 'someone-else' }, TEST_JWT_SECRET, 'HS256'),
      wrongIssuer: await sign({ ...claims, iss: 'someone-else' }, TEST_JWT_SECRET, 'HS256'),
      noExpiry: await sign({ sub: claims.sub, iss: claims.iss, aud: claims.aud, iat: now }, TEST_JWT_SECRET, 'HS256'),
      hs512: await sign({ ...claims }, TEST_JWT_SECRET, 'HS512'),
      // Correctly signed, but the subject is no user id: it must not reach a uuid column (it answered 500).
      subNotUuid: await sign({ ...claims, sub: 'not-a-uuid' }, TEST_JWT_SECRET, 'HS256'),
      subEmpty: await sign({ ...claims, sub: '' }, TEST_JWT_SECRET, 'HS256'),
      subNumber: await sign({ ...claims, sub: 42 }, TEST_JWT_SECRET, 'HS256'),
    };
    for (const [name, token] of Object.entries(tokens)) {
      const res = await client(env.t.app, token).get('/api/tasks');
      expect(res.status, name).toBe(401);
      expect(res.headers.get('content-type'), name).toBe('application/problem+json');
      expect(res.headers.get('www-authenticate'), name).toBe('Bearer');
    }
    expect((await client(env.t.app, user.token).get('/api/tasks')).status).toBe(200);
    env.t.clock.advance(env.t.deps.config.JWT_TTL_SECONDS * 1000 + 1000);
    expect((await client(env.t.app, user.token).get('/api/tasks')).status).toBe(401);
  });
});

describe('limits per client address (behind one trusted proxy)', () => {
  const limited = useTestApp({ env: { TRUST_PROXY_HOPS: '1', SIGNUP_MAX_PER_IP: '3', SIGNUP_MAX_PER_EMAIL: '3', SIGNIN_MAX_FAILURES_PER_IP: '4', SIGNIN_MAX_FAILURES: '100' } });
  const from = (ip: string) => ({ 'x-forwarded-for': `203.0.113.99, ${ip}` });

  it('answers 429 to sign-ups past the limit from one address, and not to another address', async () => {
    const anon = client(limited.t.app);
    for (let i = 0; i < 3; i++) expect((await anon.post('/api/auth/signup', { email: `flood${i}@example.com`, password: 'correct horse battery' }, from('198.51.100.1'))).status).toBe(201);
    const refused = await anon.post('/api/auth/signup', { email: 'flood9@example.com', password: 'correct horse battery' }, from('198.51.100.1'));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.db.db.selectFrom('users').select('id').where('email', '=', 'flood9@example.com').executeTakeFirst()).toBeUndefined();
    // The left-hand entries are the client's own words: changing them changes nothing.
    expect((await anon.post('/api/auth/signup', { email: 'flood8@example.com', password: 'correct horse battery' }, { 'x-forwarded-for': '10.0.0.1, 198.51.100.1' })).status).toBe(429);
    expect((await anon.post('/api/auth/signup', { email: 'other@example.com', password: 'correct horse battery' }, from('198.51.100.2'))).status).toBe(201);
    limited.t.clock.advance(3601_000);
    expect((await anon.post('/api/auth/signup', { email: 'flood9@example.com', password: 'correct horse battery' }, from('198.51.100.1'))).status).toBe(201);
  });

  it('answers 429 to sign-up attempts for one email past the limit, from whatever address they come', async () => {
    const anon = client(limited.t.app);
    const attempt = (n: number) => anon.post('/api/auth/signup', { email: 'Wanted@example.com', password: 'correct horse battery' }, from(`192.0.2.${n}`));
    expect((await attempt(1)).status).toBe(201);
    expect((await attempt(2)).status).toBe(409);
    expect((await attempt(3)).status).toBe(409);
    const refused = await attempt(4);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another email from the same addresses is not held back.
    expect((await anon.post('/api/auth/signup', { email: 'unwanted@example.com', password: 'correct horse battery' }, from('192.0.2.4'))).status).toBe(201);
  });

  it('answers 429 to an address that fails sign-in across many accounts, even for a right password, but not to others', async () => {
    const anon = client(limited.t.app);
    for (let i = 0; i < 4; i++) expect((await anon.post('/api/auth/signin', { email: `nobody${i}@example.com`, password: 'spray password' }, from('198.51.100.7'))).status).toBe(401);
    expect((await anon.post('/api/auth/signin', { email: 'flood0@example.com', password: 'correct horse battery' }, from('198.51.100.7'))).status).toBe(429);
    expect((await anon.post('/api/auth/signin', { email: 'flood0@example.com', password: 'correct horse battery' }, from('198.51.100.8'))).status).toBe(200);
  });
});

describe('no account enumeration by timing', () => {
  const quiet = useTestApp({ env: { SIGNIN_MAX_FAILURES: '1000', SIGNIN_MAX_FAILURES_PER_IP: '1000' } });

  // Not a speed target: a security property. An unknown email must cost the same password hash as
  // a wrong password, or the time of the answer tells which emails have accounts.
  it('takes as long for an unknown email as for a wrong password', async () => {
    const { email } = await signedInClient(quiet.t.app);
    const anon = client(quiet.t.app);
    const time = async (body: object) => {
      const started = performance.now();
      expect((await anon.post('/api/auth/signin', body)).status).toBe(401);
      return performance.now() - started;
    };
    await time({ email: 'warm-up@example.com', password: 'warm up the decoy' });
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 8; i++) {
      unknown.push(await time({ email: `nobody-${i}@example.com`, password: 'some guess here' }));
      wrong.push(await time({ email, password: 'some guess here' }));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
    const ratio = median(unknown) / median(wrong);
    expect(ratio).toBeGreaterThan(0.6);
    expect(ratio).toBeLessThan(1.6);
  });
});
