import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, signedInClient } from '../../../test/support/client.js';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { createTestDb, type TestDb } from '../../../test/support/test-db.js';
import { registry } from '../../registry.js';
import { routesOfFunction } from '../function.js';
import { createMetrics } from '../metrics.js';
import { createServerApp } from './server-app.js';

let testDb: TestDb;
let t: TestApp;

beforeAll(async () => {
  testDb = await createTestDb();
  t = createTestApp(testDb, { env: { CORS_ORIGINS: 'https://ui.example.com' } });
});
afterAll(() => testDb.drop());

describe('operations', () => {
  it('answers /healthz and /readyz, and /metrics counts requests per function and status', async () => {
    const anon = client(t.app);
    expect((await anon.get('/healthz')).body).toEqual({ status: 'alive' });
    expect((await anon.get('/readyz')).body).toEqual({
      status: 'ready',
      functions: expect.arrayContaining(['tasks-create', 'audit-writer']),
    });
    const user = await signedInClient(t.app);
    await user.post('/api/tasks', { title: 'counted' });
    await user.post('/api/tasks', { title: '' });
    const metrics = (await anon.get('/metrics')).body as string;
    expect(metrics).toContain(
      'ripple_http_requests_total{function="tasks-create",method="POST",status="201"} 1',
    );
    expect(metrics).toContain(
      'ripple_http_requests_total{function="tasks-create",method="POST",status="400"} 1',
    );
    expect(metrics).toMatch(
      /ripple_http_request_duration_seconds_bucket\{le="[0-9.]+",function="auth-signup",method="POST",status="201"\}/,
    );
  });

  it('answers an unknown route with a 404 problem', async () => {
    const res = await client(t.app).get('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body).toMatchObject({ status: 404, title: 'Not Found' });
  });

  it('serves an OpenAPI 3.1 document with every route of every function, built from the validating schemas', async () => {
    const doc = (await client(t.app).get('/api/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    for (const fn of registry.filter((f) => f.kind === 'http')) {
      // The REST API: /mcp speaks MCP (JSON-RPC) and is described by its own tools/list.
      for (const route of routesOfFunction(fn).filter((r) => r.path.startsWith('/api/'))) {
        const op = doc.paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
        expect(op, `${route.method} ${route.path}`).toBeDefined();
        expect(op['x-ripple-function']).toBe(fn.name);
      }
    }
    expect(doc.paths['/mcp']).toBeUndefined();
    const create = doc.paths['/api/tasks'].post;
    const body = create.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(['title']);
    expect(body.properties.priority.enum).toEqual(['low', 'medium', 'high', 'urgent']);
    expect(body.additionalProperties).toBe(false);
    expect(create.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/api/auth/signin'].post.security).toEqual([]);
    expect(
      doc.paths['/api/tasks/{id}'].patch.parameters.map(
        (p: { name: string; in: string }) => `${p.in}:${p.name}`,
      ),
    ).toEqual(['path:id', 'header:if-match']);
    expect(doc.paths['/api/tasks'].get.parameters.map((p: { name: string }) => p.name)).toEqual([
      'q',
      'status',
      'priority',
      'tags',
      'due_from',
      'due_to',
      'overdue',
      'sort',
      'order',
      'limit',
      'cursor',
      'project_id',
      'assigned_to',
      'parent_id',
    ]);
  });
});

describe('start-up', () => {
  it('is alive at once, ready only after the database is, and holds API requests until then', async () => {
    let finish!: () => void;
    const ready = new Promise<void>((resolve) => (finish = resolve));
    const starting = createServerApp(
      { ...t.deps, metrics: createMetrics({ processMetrics: false }) },
      { functions: registry, ready },
    );
    expect((await starting.request('/healthz')).status).toBe(200);
    const notYet = await starting.request('/readyz');
    expect(notYet.status).toBe(503);
    expect(notYet.headers.get('retry-after')).toBe('1');

    let answered = false;
    const held = Promise.resolve(
      starting.request('/api/auth/signup', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'early@example.com', password: 'came too early' }),
      }),
    );
    void held.then(() => (answered = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(answered).toBe(false);
    finish();
    expect((await held).status).toBe(201);
    expect((await starting.request('/readyz')).status).toBe(200);
  });

  it('answers 503 to API requests if start-up failed', async () => {
    const failed = createServerApp(
      { ...t.deps, metrics: createMetrics({ processMetrics: false }) },
      { functions: registry, ready: Promise.reject(new Error('no database')) },
    );
    const res = await failed.request('/api/tasks');
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
});

describe('browser safety', () => {
  it('sets security headers on every answer, errors included', async () => {
    for (const path of ['/healthz', '/api/tasks', '/nowhere']) {
      const res = await t.app.request(path);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
      expect(res.headers.get('strict-transport-security'), path).toContain('max-age=');
      expect(res.headers.get('x-request-id'), path).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('allows CORS only for the configured origins', async () => {
    const preflight = (origin: string) =>
      t.app.request('/api/tasks', {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
    const allowed = await preflight('https://ui.example.com');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://ui.example.com');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
      'authorization',
    );
    const refused = await preflight('https://evil.example.com');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await t.app.request('/api/openapi.json', {
      headers: { origin: 'https://evil.example.com' },
    });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('keeps a sane incoming request id and replaces an unsafe one', async () => {
    expect(
      (await t.app.request('/healthz', { headers: { 'x-request-id': 'abc-123' } })).headers.get(
        'x-request-id',
      ),
    ).toBe('abc-123');
    const unsafe = await t.app.request('/healthz', { headers: { 'x-request-id': 'a b<script>' } });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('the registry', () => {
  it('reads every route without dependencies, and no two functions claim the same method and path', () => {
    const owners = new Map<string, string>();
    for (const fn of registry) {
      const routes = routesOfFunction(fn);
      expect(routes.length, fn.name).toBeGreaterThan(0);
      for (const { method, path } of routes) {
        const key = `${method} ${path}`;
        expect(owners.get(key), `${key} claimed by ${fn.name}`).toBeUndefined();
        owners.set(key, fn.name);
      }
    }
    expect(new Set(registry.map((fn) => fn.name)).size).toBe(registry.length);
  });
});

describe('each function served alone', () => {
  const sample = (path: string) => path.replace(':id', '01900000-0000-7000-8000-000000000000');
  /** True when the router itself had no route: a function's own 404 (task not found) does not count. */
  const unrouted = async (res: Response) =>
    res.status === 404 && /^No route/.test(((await res.json()) as { detail: string }).detail);

  for (const fn of registry) {
    it(`${fn.name} answers its own routes and 404 for every other function's`, async () => {
      const alone = createTestApp(testDb, { functions: [fn] }).app;
      for (const other of registry) {
        for (const route of routesOfFunction(other)) {
          const res = await alone.request(sample(route.path), { method: route.method });
          expect(await unrouted(res), `${fn.name} on ${route.method} ${route.path}`).toBe(
            other !== fn,
          );
        }
      }
      expect((await alone.request('/healthz')).status).toBe(200);
    });
  }
});

describe('logs', () => {
  it('write one JSON line per request with its request id, and never a password or a token', async () => {
    const lines: string[] = [];
    const t = createTestApp(testDb, { env: { LOG_LEVEL: 'info' }, logLines: lines });
    const logged = t.app;
    const password = 'a very secret passphrase';
    const up = await client(logged).post('/api/auth/signup', {
      email: 'logged@example.com',
      password,
    });
    const { token } = up.body;
    await client(logged).post('/api/auth/signin', { email: 'logged@example.com', password });
    await client(logged).post('/api/auth/signin', {
      email: 'logged@example.com',
      password: `${password}!`,
    });
    await client(logged, token).get('/api/tasks');
    await logged.request('/api/tasks', { headers: { authorization: `Bearer ${token}x` } });
    const renewed = await client(logged).post('/api/auth/refresh', {
      refresh_token: up.body.refresh_token,
    });
    // A used refresh token presented again minutes later: its session is revoked, and a warning logged.
    t.clock.advance(120_000);
    await client(logged).post('/api/auth/refresh', { refresh_token: up.body.refresh_token });
    await client(logged).post('/api/auth/refresh', { refresh_token: 'x'.repeat(43) });
    expect(lines.some((l) => l.includes('a used refresh token was presented again'))).toBe(true);

    const all = lines.join('');
    for (const secret of [
      password,
      token,
      token.split('.')[2]!,
      up.body.refresh_token,
      renewed.body.refresh_token,
      renewed.body.token,
    ])
      expect(all).not.toContain(secret);
    // Every line written while answering a request carries its id.
    for (const line of lines) expect(JSON.parse(line), line).toHaveProperty('reqId');
    const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
    expect(requests).toHaveLength(8);
    for (const r of requests)
      expect(r).toMatchObject({
        reqId: expect.any(String),
        method: expect.any(String),
        path: expect.any(String),
        status: expect.any(Number),
      });
    expect(requests.map((r) => r.status)).toEqual([201, 200, 401, 200, 401, 200, 401, 401]);
  });
});
