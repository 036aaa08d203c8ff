import { spawn } from 'node:child_process';
import type { Server } from 'node:http';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { streamSSE, streamText } from 'hono/streaming';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { startProcess, type Started } from './support/process.js';
import { createTestDb } from './support/test-db.js';

const root = path.resolve(import.meta.dirname, '..');

function run(
  entry: string,
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [path.join(root, 'dist', entry)], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d));
  child.stderr.on('data', (d: Buffer) => (output += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

describe('dist/migrate.js, the cluster migration Job', () => {
  it('brings an empty database to the latest schema once, then finds nothing to do', async () => {
    const db = await createTestDb({ migrate: false });
    try {
      const first = await run('migrate.js', { DATABASE_URL: db.url });
      expect(first.code).toBe(0);
      expect(first.output).toMatch(/applied \d+ migration\(s\)/);
      await sql`select 1 from tasks limit 1`.execute(db.db);
      const again = await run('migrate.js', { DATABASE_URL: db.url });
      expect(again.code).toBe(0);
      expect(again.output).toContain('the database is up to date');
    } finally {
      await db.drop();
    }
  });

  it('exits 2, saying why, without a database to migrate', async () => {
    const { code, output } = await run('migrate.js', { DATABASE_URL: '' });
    expect(code).toBe(2);
    expect(output).toContain('DATABASE_URL is required');
  });
});

describe('dist/gateway.js, the cluster api-gateway', () => {
  // Plays every function's Knative Service: says which function and path a request reached, and
  // streams its answer in two parts, as the event stream does.
  const upstream = new Hono()
    .get('/fn/realtime/api/stream', (c) =>
      streamText(c, async (stream) => {
        await stream.write('first\n');
        await stream.sleep(400);
        await stream.write('second\n');
      }),
    )
    .all('/fn/:name/*', (c) =>
      c.json({
        fn: c.req.param('name'),
        method: c.req.method,
        path: c.req.path,
        query: new URL(c.req.url).search,
        auth: c.req.header('authorization') ?? null,
      }),
    );
  let upstreamServer: Server | undefined;
  let gateway: Started | undefined;
  afterAll(async () => {
    await gateway?.stop();
    await new Promise((resolve) => upstreamServer?.close(resolve));
  });

  it('sends each API route to the Service of the function that serves it, as the registry says', async () => {
    const port = await new Promise<number>((resolve) => {
      upstreamServer = serve({ fetch: upstream.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
        resolve(info.port),
      ) as Server;
    });
    gateway = await startProcess('gateway', [], {
      RIPPLE_UPSTREAM: `http://127.0.0.1:${port}/fn/{name}`,
    });
    const reach = async (method: string, p: string, headers: Record<string, string> = {}) =>
      (await fetch(`${gateway!.url}${p}`, { method, headers })).json();

    expect(await reach('POST', '/api/tasks')).toMatchObject({
      fn: 'tasks-create',
      method: 'POST',
      path: '/fn/tasks-create/api/tasks',
    });
    expect(
      await reach('GET', '/api/tasks?q=milk&limit=5', { authorization: 'Bearer t' }),
    ).toMatchObject({ fn: 'tasks-list', query: '?q=milk&limit=5', auth: 'Bearer t' });
    const id = '0190f4c2-0000-7000-8000-000000000000';
    expect(await reach('GET', `/api/tasks/${id}`)).toMatchObject({ fn: 'tasks-get' });
    expect(await reach('PATCH', `/api/tasks/${id}`)).toMatchObject({ fn: 'tasks-update' });
    expect(await reach('DELETE', `/api/tasks/${id}`)).toMatchObject({ fn: 'tasks-delete' });
    expect(await reach('POST', `/api/tasks/${id}/complete`)).toMatchObject({
      fn: 'tasks-complete',
    });
    expect(await reach('POST', '/api/auth/signup')).toMatchObject({ fn: 'auth-signup' });
    expect(await reach('GET', '/api/openapi.json')).toMatchObject({ fn: 'openapi' });
    // A browser's CORS preflight reaches a function serving that path.
    expect(await reach('OPTIONS', `/api/tasks/${id}`)).toMatchObject({
      method: 'OPTIONS',
      path: `/fn/tasks-get/api/tasks/${id}`,
    });
    // Consumers and schedules are not behind the public gateway, and nothing else is.
    expect((await fetch(`${gateway.url}/events/audit-writer`, { method: 'POST' })).status).toBe(
      404,
    );
    const unknown = await fetch(`${gateway.url}/api/nope`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
  });

  it('passes a stream through as it comes, not when it ends', async () => {
    const res = await fetch(`${gateway!.url}/api/stream?token=x`);
    const reader = res.body!.getReader();
    const started = Date.now();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('first\n');
    expect(Date.now() - started).toBeLessThan(300);
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
      rest += new TextDecoder().decode(chunk.value);
    expect(rest).toBe('second\n');
  });

  it('answers 503 with Retry-After, as a problem, while a function does not answer', async () => {
    await new Promise((resolve) => upstreamServer!.close(resolve));
    const res = await fetch(`${gateway!.url}/api/tasks`, { method: 'POST' });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(await res.json()).toMatchObject({ status: 503, title: 'Service Unavailable' });
  });

  it('on SIGTERM answers the request in flight, ends the event streams it carries, and exits 0 at once', async () => {
    // An event stream that never ends, and a request that takes a while.
    const endless = new Hono()
      .get('/fn/realtime/api/stream', (c) =>
        streamSSE(c, async (stream) => {
          for (let i = 0; !stream.aborted; i++)
            await stream.writeSSE({ data: String(i) }).then(() => stream.sleep(50));
        }),
      )
      .get('/fn/tasks-list/api/tasks', async (c) => {
        await new Promise((r) => setTimeout(r, 600));
        return c.json({ items: [], next_cursor: null });
      });
    let server: Server | undefined;
    const port = await new Promise<number>((resolve) => {
      server = serve({ fetch: endless.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
        resolve(info.port),
      ) as Server;
    });
    try {
      const draining = await startProcess('gateway', [], {
        RIPPLE_UPSTREAM: `http://127.0.0.1:${port}/fn/{name}`,
        SHUTDOWN_GRACE_SECONDS: '20',
      });
      const stream = await fetch(`${draining.url}/api/stream?token=x`);
      expect(stream.headers.get('content-type')).toContain('text/event-stream');
      const reader = stream.body!.getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toContain('data: 0');
      const slow = fetch(`${draining.url}/api/tasks`);
      await new Promise((r) => setTimeout(r, 100));
      const started = Date.now();
      const exited = draining.stop('SIGTERM');
      expect((await slow).status).toBe(200);
      for (
        let chunk = await reader.read().catch(() => ({ done: true }));
        !chunk.done;
        chunk = await reader.read().catch(() => ({ done: true }))
      );
      expect(await exited).toBe(0);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      server?.closeAllConnections();
      await new Promise((resolve) => server?.close(resolve));
    }
  });

  it('refuses to start without a RIPPLE_UPSTREAM holding {name}', async () => {
    const { code, output } = await run('gateway.js', { RIPPLE_UPSTREAM: 'http://tasks.svc' });
    expect(code).toBe(2);
    expect(output).toContain('RIPPLE_UPSTREAM');
  });
});
