import { sign } from 'hono/jwt';
import { describe, expect, it } from 'vitest';
import { client, signedInClient } from '../../test/support/client.js';
import { TEST_JWT_SECRET, useTestApp } from '../../test/support/test-app.js';

const env = useTestApp({ env: { SIGNIN_MAX_FAILURES: '3', SIGNIN_WINDOW_SECONDS: '600' } });

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('sign-up', () => {
  it('creates an account, stores an argon2id hash, and answers a working token', async () => {
    const anon = client(env.t.app);
    const res = await anon.post('/api/auth/signup', {
      email: ' Ada@Example.COM ',
      password: 'analytical engine',
      name: 'Ada',
      timezone: 'Europe/London',
    });
    expect(res.status).toBe(201);
    expect(res.body.user).toEqual({
      id: expect.any(String),
      email: 'ada@example.com',
      name: 'Ada',
      timezone: 'Europe/London',
      created_at: '2026-03-01T09:00:00.000Z',
    });
    const me = await client(env.t.app, res.body.token).get('/api/me');
    expect(me.body).toEqual(res.body.user);
    const row = await env.db.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', res.body.user.id)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain('analytical');
  });

  it('answers 409 for an email already taken, whatever its case', async () => {
    const anon = client(env.t.app);
    await anon.post('/api/auth/signup', { email: 'taken@example.com', password: 'password one' });
    const again = await anon.post('/api/auth/signup', {
      email: 'TAKEN@example.com',
      password: 'password two',
    });
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
    expect(
      await env.db.db.selectFrom('users').select('id').where('email', '=', 'a@b.io').execute(),
    ).toEqual([]);
  });

  it('refuses a password of fewer than 8 characters that are not spaces, saying so on the password field', async () => {
    const anon = client(env.t.app);
    for (const password of ['        ', '   abc   def   ', '\t\n\t\n\t\n\t\n\t', 'seven c']) {
      const res = await anon.post('/api/auth/signup', { email: 'spaces@example.com', password });
      expect(res.status, JSON.stringify(password)).toBe(400);
      expect(res.body.errors, JSON.stringify(password)).toEqual([
        { path: 'password', message: 'must be at least 8 characters, not counting spaces' },
      ]);
    }
    expect(
      await env.db.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'spaces@example.com')
        .execute(),
    ).toEqual([]);
    // Spaces between enough other characters are fine: a passphrase.
    expect(
      (
        await anon.post('/api/auth/signup', {
          email: 'spaces@example.com',
          password: ' to be or not ',
        })
      ).status,
    ).toBe(201);
  });
});

describe('sign-in', () => {
  it('answers a token for the right password and the same 401 for a wrong password or an unknown email', async () => {
    const { email } = await signedInClient(env.t.app);
    const anon = client(env.t.app);
    const ok = await anon.post('/api/auth/signin', {
      email: email.toUpperCase(),
      password: 'correct horse battery',
    });
    expect(ok.status).toBe(200);
    expect((await client(env.t.app, ok.body.token).get('/api/me')).status).toBe(200);

    const wrong = await anon.post('/api/auth/signin', { email, password: 'wrong horse battery' });
    const unknown = await anon.post('/api/auth/signin', {
      email: 'nobody@example.com',
      password: 'wrong horse battery',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
  });

  it('answers 429 past the per-email ceiling (failures from all addresses), even with the right password, until the window passes', async () => {
    const { email } = await signedInClient(env.t.app);
    const anon = client(env.t.app);
    for (let i = 0; i < 3; i++)
      expect(
        (await anon.post('/api/auth/signin', { email, password: `wrong ${i} guess` })).status,
      ).toBe(401);
    const locked = await anon.post('/api/auth/signin', {
      email,
      password: 'correct horse battery',
    });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another account is not affected.
    const other = await signedInClient(env.t.app);
    expect(
      (
        await anon.post('/api/auth/signin', {
          email: other.email,
          password: 'correct horse battery',
        })
      ).status,
    ).toBe(200);

    env.t.clock.advance(601_000);
    expect(
      (await anon.post('/api/auth/signin', { email, password: 'correct horse battery' })).status,
    ).toBe(200);
    // Success clears the count: three more failures are needed to lock again.
    for (let i = 0; i < 2; i++)
      await anon.post('/api/auth/signin', { email, password: 'wrong again' });
    expect(
      (await anon.post('/api/auth/signin', { email, password: 'correct horse battery' })).status,
    ).toBe(200);
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
      wrongSecret: await sign(
        { ...claims },
        'another-secret-another-secret-another-secret',
        'HS256',
      ),
      wrongAudience: await sign({ ...claims, aud: 'someone-else' }, TEST_JWT_SECRET, 'HS256'),
      wrongIssuer: await sign({ ...claims, iss: 'someone-else' }, TEST_JWT_SECRET, 'HS256'),
      noExpiry: await sign(
        { sub: claims.sub, iss: claims.iss, aud: claims.aud, iat: now },
        TEST_JWT_SECRET,
        'HS256',
      ),
      hs512: await sign({ ...claims }, TEST_JWT_SECRET, 'HS512'),
      // Correctly signed, but the subject is no user id: it must not reach a uuid column (it answered 500).
      subNotUuid: await sign({ ...claims, sub: 'not-a-uuid' }, TEST_JWT_SECRET, 'HS256'),
      subEmpty: await sign({ ...claims, sub: '' }, TEST_JWT_SECRET, 'HS256'),
      subNumber: await sign({ ...claims, sub: 42 }, TEST_JWT_SECRET, 'HS256'),
      // The session it names goes into uuid columns too (the session list).
      sidNotUuid: await sign({ ...claims, sid: 'not-a-uuid' }, TEST_JWT_SECRET, 'HS256'),
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
  const limited = useTestApp({
    env: {
      TRUST_PROXY_HOPS: '1',
      SIGNUP_MAX_PER_IP: '3',
      SIGNUP_MAX_PER_EMAIL: '3',
      SIGNIN_MAX_FAILURES_PER_IP: '4',
      SIGNIN_MAX_FAILURES: '100',
    },
  });
  const from = (ip: string) => ({ 'x-forwarded-for': `203.0.113.99, ${ip}` });

  it('answers 429 to sign-ups past the limit from one address, and not to another address', async () => {
    const anon = client(limited.t.app);
    for (let i = 0; i < 3; i++)
      expect(
        (
          await anon.post(
            '/api/auth/signup',
            { email: `flood${i}@example.com`, password: 'correct horse battery' },
            from('198.51.100.1'),
          )
        ).status,
      ).toBe(201);
    const refused = await anon.post(
      '/api/auth/signup',
      { email: 'flood9@example.com', password: 'correct horse battery' },
      from('198.51.100.1'),
    );
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(
      await limited.db.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'flood9@example.com')
        .executeTakeFirst(),
    ).toBeUndefined();
    // The left-hand entries are the client's own words: changing them changes nothing.
    expect(
      (
        await anon.post(
          '/api/auth/signup',
          { email: 'flood8@example.com', password: 'correct horse battery' },
          { 'x-forwarded-for': '10.0.0.1, 198.51.100.1' },
        )
      ).status,
    ).toBe(429);
    expect(
      (
        await anon.post(
          '/api/auth/signup',
          { email: 'other@example.com', password: 'correct horse battery' },
          from('198.51.100.2'),
        )
      ).status,
    ).toBe(201);
    limited.t.clock.advance(3601_000);
    expect(
      (
        await anon.post(
          '/api/auth/signup',
          { email: 'flood9@example.com', password: 'correct horse battery' },
          from('198.51.100.1'),
        )
      ).status,
    ).toBe(201);
  });

  it('answers 429 to sign-up attempts for one email past the limit, from whatever address they come', async () => {
    const anon = client(limited.t.app);
    const attempt = (n: number) =>
      anon.post(
        '/api/auth/signup',
        { email: 'Wanted@example.com', password: 'correct horse battery' },
        from(`192.0.2.${n}`),
      );
    expect((await attempt(1)).status).toBe(201);
    expect((await attempt(2)).status).toBe(409);
    expect((await attempt(3)).status).toBe(409);
    const refused = await attempt(4);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another email from the same addresses is not held back.
    expect(
      (
        await anon.post(
          '/api/auth/signup',
          { email: 'unwanted@example.com', password: 'correct horse battery' },
          from('192.0.2.4'),
        )
      ).status,
    ).toBe(201);
  });

  it('answers 429 to an address that fails sign-in across many accounts, even for a right password, but not to others', async () => {
    const anon = client(limited.t.app);
    for (let i = 0; i < 4; i++)
      expect(
        (
          await anon.post(
            '/api/auth/signin',
            { email: `nobody${i}@example.com`, password: 'spray password' },
            from('198.51.100.7'),
          )
        ).status,
      ).toBe(401);
    expect(
      (
        await anon.post(
          '/api/auth/signin',
          { email: 'flood0@example.com', password: 'correct horse battery' },
          from('198.51.100.7'),
        )
      ).status,
    ).toBe(429);
    expect(
      (
        await anon.post(
          '/api/auth/signin',
          { email: 'flood0@example.com', password: 'correct horse battery' },
          from('198.51.100.8'),
        )
      ).status,
    ).toBe(200);
  });
});

describe('with the default limits', () => {
  const defaults = useTestApp({ env: { TRUST_PROXY_HOPS: '1' } });

  it('five wrong passwords from a stranger leave the owner free to sign in from their own address', async () => {
    const { email } = await signedInClient(defaults.t.app);
    const anon = client(defaults.t.app);
    for (let i = 0; i < 5; i++)
      expect(
        (
          await anon.post(
            '/api/auth/signin',
            { email, password: `guess ${i} guess` },
            { 'x-forwarded-for': '198.51.100.5' },
          )
        ).status,
      ).toBe(401);
    const stranger = await anon.post(
      '/api/auth/signin',
      { email, password: 'guess 6 guess' },
      { 'x-forwarded-for': '198.51.100.5' },
    );
    expect(stranger.status).toBe(429);
    expect(stranger.headers.get('retry-after')).toBe('5');
    expect(
      (
        await anon.post(
          '/api/auth/signin',
          { email, password: 'correct horse battery' },
          { 'x-forwarded-for': '192.0.2.55' },
        )
      ).status,
    ).toBe(200);
  });
});

describe('guessing one account from one address', () => {
  const guarded = useTestApp({
    env: {
      TRUST_PROXY_HOPS: '1',
      SIGNIN_FREE_FAILURES: '3',
      SIGNIN_DELAY_SECONDS: '10',
      SIGNIN_MAX_DELAY_SECONDS: '60',
      SIGNIN_DELAY_WINDOW_SECONDS: '3600',
      SIGNIN_MAX_FAILURES: '20',
      SIGNIN_WINDOW_SECONDS: '900',
      SIGNIN_MAX_FAILURES_PER_IP: '1000',
    },
  });
  const from = (ip: string) => ({ 'x-forwarded-for': ip });
  const signIn = (email: string, password: string, ip: string) =>
    client(guarded.t.app).post('/api/auth/signin', { email, password }, from(ip));
  const retryAfter = (res: { headers: Headers }) => res.headers.get('retry-after');

  it('slows the stranger down and does not lock the owner out', async () => {
    const { email } = await signedInClient(guarded.t.app);
    const answers = [];
    for (let i = 0; i < 10; i++)
      answers.push((await signIn(email, `guess ${i} guess`, '198.51.100.66')).status);
    expect(answers).toEqual([401, 401, 401, 429, 429, 429, 429, 429, 429, 429]);
    // Not even the right password gets through from there while it waits (or guessing would go on).
    const held = await signIn(email, 'correct horse battery', '198.51.100.66');
    expect(held.status).toBe(429);
    expect(retryAfter(held)).toBe('10');
    expect(held.body.detail).toBe('Too many failed sign-in attempts: try again in 10 seconds');
    // The owner, from their own address, signs in at once.
    expect((await signIn(email, 'correct horse battery', '192.0.2.10')).status).toBe(200);
    expect((await signIn(email, 'correct horse battery', '192.0.2.10')).status).toBe(200);
  });

  it('doubles the wait after each further failure, up to the most, and says exactly how long in Retry-After', async () => {
    const { email } = await signedInClient(guarded.t.app);
    const ip = '198.51.100.77';
    for (let i = 0; i < 3; i++) expect((await signIn(email, 'wrong guess', ip)).status).toBe(401);
    const waits: (string | null)[] = [];
    for (let step = 0; step < 4; step++) {
      const refused = await signIn(email, 'wrong guess', ip);
      expect(refused.status).toBe(429);
      waits.push(retryAfter(refused));
      const seconds = Number(retryAfter(refused));
      guarded.t.clock.advance((seconds - 1) * 1000);
      expect(retryAfter(await signIn(email, 'wrong guess', ip))).toBe('1');
      guarded.t.clock.advance(1000);
      expect((await signIn(email, 'wrong guess', ip)).status).toBe(401);
    }
    expect(waits).toEqual(['10', '20', '40', '60']);
    expect(retryAfter(await signIn(email, 'wrong guess', ip))).toBe('60');
    guarded.t.clock.advance(60_000);
    // The right password ends the delays for this address: three free failures again.
    expect((await signIn(email, 'correct horse battery', ip)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await signIn(email, 'wrong guess', ip)).status).toBe(401);
    expect((await signIn(email, 'wrong guess', ip)).status).toBe(429);
  });

  it('counts attempts sent all at once one after another: none slips past while passwords are checked', async () => {
    const { email } = await signedInClient(guarded.t.app);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => signIn(email, `burst ${i} guess`, '198.51.100.88')),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([...Array(3).fill(401), ...Array(9).fill(429)]);
  });

  it('holds one email against guesses from many addresses at a much higher ceiling, with the window’s rest as Retry-After', async () => {
    const { email } = await signedInClient(guarded.t.app);
    for (let i = 0; i < 20; i++) {
      expect((await signIn(email, 'spread guess', `203.0.113.${i}`)).status).toBe(401);
      if (i === 0) guarded.t.clock.advance(100_000);
    }
    const ceiling = await signIn(email, 'correct horse battery', '192.0.2.200');
    expect(ceiling.status).toBe(429);
    expect(retryAfter(ceiling)).toBe('800');
    guarded.t.clock.advance(800_000);
    expect((await signIn(email, 'correct horse battery', '192.0.2.200')).status).toBe(200);
  });
});

describe('no account enumeration by timing', () => {
  const quiet = useTestApp({
    env: {
      SIGNIN_FREE_FAILURES: '1000',
      SIGNIN_MAX_FAILURES: '1000',
      SIGNIN_MAX_FAILURES_PER_IP: '1000',
    },
  });

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
