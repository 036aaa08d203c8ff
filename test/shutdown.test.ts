import { afterAll, beforeAll, expect, it } from 'vitest';
import { http, startProcess, type Started } from './support/process.js';
import { createTestDb, type TestDb } from './support/test-db.js';

let db: TestDb;
let running: Started | undefined;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await running?.stop('SIGKILL');
  await db.drop();
});

// An open event stream never ends by itself. Before, SIGTERM waited on it until the 25 s grace ran
// out and the process exited 1: every rolling update of a realtime replica with tabs open.
it('SIGTERM ends open event streams and exits promptly and cleanly', { timeout: 60_000 }, async () => {
  running = await startProcess('main', [], { DATABASE_URL: db.url, JWT_SECRET: 'shutdown-secret-long-enough-for-hs256-0123456789' });
  const signup = await http(`${running.url}/api/auth/signup`, { method: 'POST', json: { email: 'tabs@example.com', password: 'open tabs everywhere' } });
  const auth = { authorization: `Bearer ${signup.body.token}` };
  const { body } = await http(`${running.url}/api/stream/token`, { method: 'POST', headers: auth });
  const stream = await fetch(`${running.url}/api/stream?token=${body.token}`);
  expect(stream.status).toBe(200);
  const reader = stream.body!.getReader();
  expect(new TextDecoder().decode((await reader.read()).value)).toContain('event: ready');

  const started = Date.now();
  const code = await running.stop('SIGTERM');
  expect(code).toBe(0);
  expect(Date.now() - started).toBeLessThan(5_000);
  // The stream ended, so the browser's EventSource reconnects (to another replica, or this one restarted).
  for (let chunk = await reader.read().catch(() => ({ done: true })); !chunk.done; chunk = await reader.read().catch(() => ({ done: true })));
});
