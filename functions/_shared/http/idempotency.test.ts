import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signedInClient } from '../../../test/support/client.js';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { createTestDb, type TestDb } from '../../../test/support/test-db.js';

let testDb: TestDb;
let t: TestApp;
let user: Awaited<ReturnType<typeof signedInClient>>;

beforeAll(async () => {
  testDb = await createTestDb();
  t = createTestApp(testDb);
  user = await signedInClient(t.app);
});
afterAll(async () => {
  await t.close();
  await testDb.drop();
});

const key = (k: string) => ({ 'idempotency-key': `"${k}"` });
const count = async (table: 'tasks' | 'tags' | 'outbox', where = sql`true`) =>
  (
    await sql<{
      n: number;
    }>`select count(*)::int as n from ${sql.table(table)} where ${where}`.execute(testDb.db)
  ).rows[0]!.n;

it('creates once for a key, and answers a retry with the first answer, replayed', async () => {
  const first = await user.post('/api/tasks', { title: 'pay rent' }, key('k-create'));
  expect(first.status).toBe(201);
  expect(first.headers.get('idempotent-replayed')).toBeNull();
  const again = await user.post('/api/tasks', { title: 'pay rent' }, key('k-create'));
  expect(again).toMatchObject({ status: 201, body: first.body });
  expect(again.headers.get('idempotent-replayed')).toBe('true');
  expect(again.headers.get('location')).toBe(first.headers.get('location'));
  expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
  expect(await count('tasks', sql`title = 'pay rent'`)).toBe(1);
  expect(await count('outbox', sql`event->'data'->>'title' = 'pay rent'`)).toBe(1);
});

it('refuses the same key with another request (422) and changes nothing', async () => {
  await user.post('/api/tasks', { title: 'water plants' }, key('k-other'));
  const other = await user.post('/api/tasks', { title: 'water the garden' }, key('k-other'));
  expect(other.status).toBe(422);
  expect(other.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(other.body.detail).toMatch(/another request/);
  expect(await count('tasks', sql`title = 'water the garden'`)).toBe(0);
});

it('answers requests racing with one key with one change: its answer, or 409 while it is still running', async () => {
  const answers = await Promise.all(
    Array.from({ length: 6 }, () => user.post('/api/tasks', { title: 'only once' }, key('k-race'))),
  );
  const created = answers.filter((a) => a.status === 201);
  expect(created.length).toBeGreaterThan(0);
  expect(new Set(created.map((a) => a.body.id)).size).toBe(1);
  for (const a of answers.filter((x) => x.status !== 201))
    expect(a).toMatchObject({ status: 409, body: { title: 'Conflict' } });
  expect(await count('tasks', sql`title = 'only once'`)).toBe(1);
  // Retried once the first is done, every one gets its answer.
  const retried = await user.post('/api/tasks', { title: 'only once' }, key('k-race'));
  expect(retried).toMatchObject({ status: 201, body: { id: created[0]!.body.id } });
});

it('answers a duplicate of a request still running with 409 at once, rather than wait for it', async () => {
  // The first holds its key uncommitted while a lock on the tasks table keeps it from finishing.
  const holder = await testDb.db.startTransaction().execute();
  try {
    await sql`lock table tasks in access exclusive mode`.execute(holder);
    const first = user.post('/api/tasks', { title: 'slow one' }, key('k-slow'));
    await new Promise((r) => setTimeout(r, 200));
    const started = performance.now();
    const duplicate = await user.post('/api/tasks', { title: 'slow one' }, key('k-slow'));
    expect(duplicate).toMatchObject({ status: 409, body: { title: 'Conflict' } });
    expect(duplicate.headers.get('retry-after')).toBe('1');
    expect(performance.now() - started).toBeLessThan(1_000);
    await holder.rollback().execute();
    expect((await first).status).toBe(201);
  } finally {
    if (!holder.isRolledBack) await holder.rollback().execute();
  }
  expect(await count('tasks', sql`title = 'slow one'`)).toBe(1);
});

it('keeps answers of updates, completions and deletes, so a retry does not fail on its own change', async () => {
  const task = (await user.post('/api/tasks', { title: 'draft' })).body;
  const patch = () =>
    user.patch(
      `/api/tasks/${task.id}`,
      { title: 'final' },
      { ...key('k-patch'), 'if-match': `"${task.version}"` },
    );
  const patched = await patch();
  expect(patched.status).toBe(200);
  // Without the key, the retry's If-Match would be stale: 412.
  expect(await patch()).toMatchObject({ status: 200, body: patched.body });
  const complete = () => user.post(`/api/tasks/${task.id}/complete`, undefined, key('k-complete'));
  expect((await complete()).status).toBe(200);
  expect((await complete()).headers.get('idempotent-replayed')).toBe('true');
  const del = () => user.delete(`/api/tasks/${task.id}`, key('k-delete'));
  expect((await del()).status).toBe(204);
  const retried = await del();
  expect(retried.status).toBe(204);
  expect(retried.headers.get('idempotent-replayed')).toBe('true');
  expect(await count('outbox', sql`partition_key = ${task.id}`)).toBe(4);
});

it('creates a tag once for a key, where a plain retry would answer 409', async () => {
  const first = await user.post('/api/tags', { name: 'errands' }, key('k-tag'));
  expect(first.status).toBe(201);
  expect(await user.post('/api/tags', { name: 'errands' }, key('k-tag'))).toMatchObject({
    status: 201,
    body: first.body,
  });
  expect((await user.post('/api/tags', { name: 'errands' })).status).toBe(409);
});

it('keeps no refusal: a request refused for bad input can be sent again, corrected, with its key', async () => {
  expect((await user.post('/api/tasks', { title: '' }, key('k-fix'))).status).toBe(400);
  expect((await user.post('/api/tasks', { title: 'fixed' }, key('k-fix'))).status).toBe(201);
  expect(await count('tasks', sql`title = 'fixed'`)).toBe(1);
});

it('scopes keys to their user, and lets them expire after 24 hours', async () => {
  const other = await signedInClient(t.app);
  const mine = await user.post('/api/tasks', { title: 'shared key' }, key('k-scope'));
  const theirs = await other.post('/api/tasks', { title: 'shared key' }, key('k-scope'));
  expect(theirs.status).toBe(201);
  expect(theirs.body.id).not.toBe(mine.body.id);
  // A day and a second later (the key's clock; the session's token would have expired meanwhile).
  await sql`update idempotency_keys set created_at = created_at - interval '24 hours 1 second' where key = 'k-scope'`.execute(
    testDb.db,
  );
  const later = await user.post('/api/tasks', { title: 'shared key' }, key('k-scope'));
  expect(later.status).toBe(201);
  expect(later.body.id).not.toBe(mine.body.id);
  expect(later.headers.get('idempotent-replayed')).toBeNull();
});

it('refuses a malformed key with a 400 naming the header, and changes nothing', async () => {
  for (const bad of ['""', `"${'x'.repeat(256)}"`, '"unterminated', 'two words']) {
    const res = await user.post('/api/tasks', { title: 'bad key' }, { 'idempotency-key': bad });
    expect(res.status, bad).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'Idempotency-Key', message: expect.any(String) }]);
  }
  expect(await count('tasks', sql`title = 'bad key'`)).toBe(0);
  // A bare token is taken as the same key as its quoted form.
  const bare = await user.post(
    '/api/tasks',
    { title: 'bare key' },
    { 'idempotency-key': 'abc-123' },
  );
  expect((await user.post('/api/tasks', { title: 'bare key' }, key('abc-123'))).body.id).toBe(
    bare.body.id,
  );
});

it('publishes the events of a keyed change, once', async () => {
  const created = await user.post('/api/tasks', { title: 'published' }, key('k-publish'));
  await t.settled();
  const audit = await user.get(`/api/audit?task_id=${created.body.id}`);
  expect(audit.body.items.map((i: { event_type: string }) => i.event_type)).toEqual(['created']);
  expect(await count('outbox', sql`published_at is null`)).toBe(0);
});
