import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { http, startProcess, type Started } from './support/process.js';
import { TEST_JWT_SECRET } from './support/test-app.js';
import { createTestDb, type TestDb } from './support/test-db.js';

const root = path.resolve(import.meta.dirname, '..');
let testDb: TestDb;
const started: Started[] = [];

beforeAll(async () => {
  testDb = await createTestDb();
});
afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
  await testDb.drop();
});

const serve = async (fn: string) => {
  const s = await startProcess('serve', [fn], {
    DATABASE_URL: testDb.url,
    JWT_SECRET: TEST_JWT_SECRET,
  });
  started.push(s);
  return s;
};

it('runs each function in its own process, as Knative would, sharing only the database', async () => {
  const [signup, create, list] = await Promise.all([
    serve('auth-signup'),
    serve('tasks-create'),
    serve('tasks-list'),
  ]);
  const reg = await http(`${signup.url}/api/auth/signup`, {
    method: 'POST',
    json: { email: 'solo@example.com', password: 'one function' },
  });
  expect(reg.status).toBe(201);
  const auth = { authorization: `Bearer ${reg.body.token}` };

  const created = await http(`${create.url}/api/tasks`, {
    method: 'POST',
    headers: auth,
    json: { title: 'Made by tasks-create alone' },
  });
  expect(created.status).toBe(201);
  expect(
    (await http(`${list.url}/api/tasks`, { headers: auth })).body.items.map(
      (t: { id: string }) => t.id,
    ),
  ).toEqual([created.body.id]);

  // Each answers only its own route.
  expect((await http(`${create.url}/api/tasks`, { headers: auth })).status).toBe(404);
  expect(
    (await http(`${list.url}/api/tasks`, { method: 'POST', headers: auth, json: { title: 'x' } }))
      .status,
  ).toBe(404);
  expect((await http(`${signup.url}/api/auth/signin`, { method: 'POST', json: {} })).status).toBe(
    404,
  );
  for (const s of [signup, create, list]) {
    expect((await http(`${s.url}/healthz`)).status).toBe(200);
    expect((await http(`${s.url}/readyz`)).status).toBe(200);
    // Compiled from the code the build saved, not parsed and compiled again; and how long it took to listen.
    expect(s.output()).toMatch(/"codeCache":"used","startedMs":\d+.*is serving at/);
  }
});

it('is built as one ASCII file: Node reads other text as two-byte, slowly', () => {
  const source = readFileSync(path.join(root, 'dist/alone.cjs'), 'latin1');
  expect(source.match(/[^\x00-\x7f]/g) ?? []).toEqual([]);
  // A quick add's dash, escaped by the build, is still a dash.
  expect(source).toContain('\\u2013');
});

it('exits with status 1, saying why, when its database cannot be reached', async () => {
  const s = await startProcess('serve', ['tasks-get'], {
    DATABASE_URL: 'postgres://nobody:x@127.0.0.1:1/none',
    JWT_SECRET: TEST_JWT_SECRET,
  });
  expect(await s.exited).toBe(1);
  expect(s.output()).toMatch(/start-up failed/);
});

it('refuses to start with an unknown function name or without its configuration, saying why', async () => {
  await expect(
    startProcess('serve', ['tasks-teleport'], {
      DATABASE_URL: testDb.url,
      JWT_SECRET: TEST_JWT_SECRET,
    }),
  ).rejects.toThrow(/exited with 2[^]*unknown function .{0,2}tasks-teleport/);
  await expect(
    startProcess('serve', ['tasks-get'], { JWT_SECRET: TEST_JWT_SECRET, DATABASE_URL: '' }),
  ).rejects.toThrow(/exited with 2[^]*DATABASE_URL is required/);
  await expect(
    startProcess('serve', ['tasks-get'], { DATABASE_URL: testDb.url, JWT_SECRET: 'short' }),
  ).rejects.toThrow(/exited with 2[^]*JWT_SECRET: must be at least 32 characters/);
});
