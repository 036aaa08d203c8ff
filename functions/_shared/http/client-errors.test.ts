import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_JWT_SECRET } from '../../../test/support/test-app.js';
import { createTestDb, type TestDb } from '../../../test/support/test-db.js';
import { registry } from '../../registry.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { startServer, type Running } from '../runtime/start.js';

// A real server, as `npm start` runs it, with short limits so that the test need not wait ~85 s.
const HEADERS_MS = 1_000;
const RECEIVE_MS = 2_000;

let testDb: TestDb;
let running: Running;
let port: number;

beforeAll(async () => {
  testDb = await createTestDb();
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    PORT: '0',
    HEADERS_TIMEOUT_MS: String(HEADERS_MS),
    REQUEST_RECEIVE_TIMEOUT_MS: String(RECEIVE_MS),
  });
  running = await startServer({
    config,
    logger: createLogger('silent'),
    functions: registry,
    catalogue: registry,
    mode: 'embedded',
    databaseUrl: testDb.url,
    jwtSecret: TEST_JWT_SECRET,
    host: '127.0.0.1',
  });
  await running.ready;
  port = Number(new URL(running.url).port);
});
afterAll(async () => {
  await running?.close();
  await testDb?.drop();
});

interface RawAnswer {
  /** Whether the server closed the connection within the wait. */
  closed: boolean;
  ms: number;
  status: number | undefined;
  headers: Record<string, string>;
  body: string;
}

/** Writes `chunks` to a raw TCP connection, then waits up to `waitMs` for the server to answer and close. */
function raw(chunks: string[], waitMs: number): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const done = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((l) => [
          l.slice(0, l.indexOf(':')).toLowerCase(),
          l.slice(l.indexOf(':') + 1).trim(),
        ]),
      );
      resolve({
        closed,
        ms: Date.now() - started,
        status: Number(statusLine.split(' ')[1]) || undefined,
        headers,
        body,
      });
    };
    const timer = setTimeout(() => done(false), waitMs);
    socket.on('connect', () => chunks.forEach((c) => socket.write(c)));
    socket.on('data', (d) => (text += d.toString()));
    socket.on('close', () => done(true));
    socket.on('error', reject);
  });
}

function expectProblem(answer: RawAnswer, status: number, title: string) {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toBe('application/problem+json');
  expect(answer.headers.connection).toBe('close');
  expect(JSON.parse(answer.body)).toMatchObject({ type: 'about:blank', title, status });
  expect(answer.closed).toBe(true);
}

describe("Node's own refusals, before the app sees a request", () => {
  it('answers a malformed request line with a problem+json 400 and closes', async () => {
    const answer = await raw(['GARBAGE\r\n\r\n'], 5_000);
    expectProblem(answer, 400, 'Bad Request');
    expect(JSON.parse(answer.body).detail).toMatch(/not valid HTTP/);
  });

  it('answers headers over the size limit with a problem+json 431', async () => {
    const answer = await raw(
      [`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`],
      5_000,
    );
    expectProblem(answer, 431, 'Request Header Fields Too Large');
  });

  it('lets go of a client that sends its headers too slowly after HEADERS_TIMEOUT_MS, with a problem+json 408', async () => {
    const answer = await raw(['GET /healthz HTTP/1.1\r\nHost: x\r\n'], 10_000);
    expectProblem(answer, 408, 'Request Timeout');
    expect(answer.ms).toBeGreaterThanOrEqual(HEADERS_MS - 50);
    expect(answer.ms).toBeLessThan(HEADERS_MS + 1_500);
  });

  it('lets go of a client that sends a body too slowly after REQUEST_RECEIVE_TIMEOUT_MS, with a problem+json 408, and stores nothing', async () => {
    const signup = await fetch(`${running.url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'slow@example.com', password: 'slow body sender' }),
    });
    const { token } = (await signup.json()) as { token: string };
    const head = `POST /api/tasks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n`;
    const answer = await raw([head, '{"title": "never finis'], 10_000);
    expectProblem(answer, 408, 'Request Timeout');
    expect(answer.ms).toBeGreaterThanOrEqual(RECEIVE_MS - 50);
    expect(answer.ms).toBeLessThan(RECEIVE_MS + 1_500);
    expect(await testDb.db.selectFrom('tasks').selectAll().execute()).toEqual([]);
  });

  it('keeps an event stream open past REQUEST_RECEIVE_TIMEOUT_MS: the limit is on receiving the request, not on the answer', async () => {
    const signup = await fetch(`${running.url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'stream@example.com', password: 'long lived tab' }),
    });
    const { token } = (await signup.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const { token: streamToken } = (await (
      await fetch(`${running.url}/api/stream/token`, { method: 'POST', headers: auth })
    ).json()) as { token: string };
    const controller = new AbortController();
    const stream = await fetch(`${running.url}/api/stream?token=${streamToken}`, {
      signal: controller.signal,
    });
    expect(stream.status).toBe(200);
    let text = '';
    const reading = (async () => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of stream.body!)
          text += decoder.decode(chunk as Uint8Array, { stream: true });
      } catch {
        // aborted at the end of the test
      }
      return 'ended';
    })();
    await expect.poll(() => text, { timeout: 5_000 }).toMatch(/event: ready/);
    // Well past the receive limit and Node's next check of it.
    const outcome = await Promise.race([
      reading,
      new Promise((r) => setTimeout(() => r('open'), RECEIVE_MS + 1_500)),
    ]);
    expect(outcome).toBe('open');
    const created = (await (
      await fetch(`${running.url}/api/tasks`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ title: 'After the limit' }),
      })
    ).json()) as { id: string };
    await expect.poll(() => text, { timeout: 10_000 }).toContain(created.id);
    controller.abort();
    await reading;
  });
});
