import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { client } from '../../../../test/support/client.js';
import { createTestApp, TEST_JWT_SECRET, type TestApp } from '../../../../test/support/test-app.js';
import { createTestDb, type TestDb } from '../../../../test/support/test-db.js';
import { createTokens } from '../../auth/tokens.js';
import { migrateDatabase } from '../migrate.js';
import { migrations } from './index.js';

// Data written by the release before projects (its schema: every migration before 2026-12-01T1000),
// then the projects migration: every task must land in its owner's Inbox, every tag, audit entry,
// reminder, notification and stream entry kept.
const BEFORE = Object.fromEntries(
  Object.entries(migrations).filter(([name]) => name < '2026-12-01T1000'),
);
const ANN = '0190a000-0000-7000-8000-00000000000a';
const BEN = '0190a000-0000-7000-8000-00000000000b';
const task = (n: number) => `0190a000-0000-7000-8000-0000000001${String(n).padStart(2, '0')}`;

let testDb: TestDb;
let t: TestApp;
beforeAll(async () => {
  testDb = await createTestDb({ migrate: false });
  await migrateDatabase(testDb.db, BEFORE);
  const db = testDb.db;
  await sql`insert into users (id, email, timezone, password_hash, created_at) values
    (${ANN}, 'ann@example.com', 'Europe/Berlin', 'x', '2026-11-20T10:00:00Z'), (${BEN}, 'ben@example.com', 'UTC', 'x', '2026-11-21T10:00:00Z')`.execute(
    db,
  );
  await sql`insert into tags (id, user_id, name, color) values
    ('0190a000-0000-7000-8000-000000000201', ${ANN}, 'home', '#16a34a'), ('0190a000-0000-7000-8000-000000000202', ${BEN}, 'home', '#0284c7')`.execute(
    db,
  );
  await sql`insert into tasks (id, user_id, title, status, completed_at, due_at, remind_at, reminder_sent_for, recurrence, recurrence_anchor, deleted_at) values
    (${task(1)}, ${ANN}, 'Live', 'pending', null, '2026-12-02T09:00:00Z', '2026-12-02T08:00:00Z', null, null, null, null),
    (${task(2)}, ${ANN}, 'Done', 'completed', '2026-11-25T09:00:00Z', null, null, null, null, null, null),
    (${task(3)}, ${ANN}, 'Trashed', 'pending', null, null, null, null, null, null, '2026-11-26T09:00:00Z'),
    (${task(4)}, ${ANN}, 'Weekly', 'pending', null, '2026-12-07T09:00:00Z', '2026-11-30T09:00:00Z', '2026-11-30T09:00:00Z', '{"frequency":"weekly","interval":1,"from":"due"}', '2026-11-30T09:00:00Z', null),
    (${task(5)}, ${BEN}, 'Bens', 'pending', null, null, null, null, null, null, null)`.execute(db);
  await sql`insert into task_tags (task_id, tag_id) values (${task(1)}, '0190a000-0000-7000-8000-000000000201'), (${task(5)}, '0190a000-0000-7000-8000-000000000202')`.execute(
    db,
  );
  await sql`insert into audit_log (id, user_id, event_id, event_type, task_id, task, occurred_at, recorded_at) values
    ('0190a000-0000-7000-8000-000000000301', ${ANN}, 'e1', 'created', ${task(1)}, '{"id":"x"}', '2026-11-24T09:00:00Z', '2026-11-24T09:00:01Z'),
    ('0190a000-0000-7000-8000-000000000302', ${BEN}, 'e2', 'created', ${task(5)}, '{"id":"y"}', '2026-11-24T10:00:00Z', '2026-11-24T10:00:01Z')`.execute(
    db,
  );
  await sql`insert into notifications (id, user_id, kind, task_id, title, event_id, created_at) values
    ('0190a000-0000-7000-8000-000000000401', ${ANN}, 'reminder', ${task(4)}, 'Weekly', 'r1', '2026-11-30T09:00:00Z')`.execute(
    db,
  );
  await sql`select ripple_stream_append(${ANN}::uuid, 's1', 'task', '{"type":"created"}'::jsonb, now())`.execute(
    db,
  );

  const run = await migrateDatabase(db);
  expect(run.applied).toContain('2026-12-01T1000-projects');
  t = createTestApp(testDb);
});
afterAll(async () => {
  await t?.close();
  await testDb?.drop();
});

it('gives every account its Inbox and moves every task, live, done or in the trash, into its owner’s Inbox', async () => {
  const inboxes = await testDb.db
    .selectFrom('projects')
    .select(['id', 'owner_id', 'name', 'is_inbox'])
    .orderBy('owner_id')
    .execute();
  expect(inboxes.map((p) => [p.owner_id, p.name, p.is_inbox])).toEqual([
    [ANN, 'Inbox', true],
    [BEN, 'Inbox', true],
  ]);
  const members = await testDb.db
    .selectFrom('project_members')
    .select(['project_id', 'user_id', 'role', 'accepted_at'])
    .execute();
  expect(members).toHaveLength(2);
  for (const m of members)
    expect(m).toMatchObject({
      role: 'admin',
      project_id: inboxes.find((p) => p.owner_id === m.user_id)!.id,
    });
  const tasks = await testDb.db
    .selectFrom('tasks')
    .select(['id', 'user_id', 'project_id', 'deleted_at', 'reminder_sent_for', 'recurrence_anchor'])
    .orderBy('id')
    .execute();
  expect(tasks).toHaveLength(5);
  for (const row of tasks)
    expect(row.project_id).toBe(inboxes.find((p) => p.owner_id === row.user_id)!.id);
  expect(tasks[2]!.deleted_at).toEqual(new Date('2026-11-26T09:00:00Z'));
  expect(tasks[3]).toMatchObject({
    reminder_sent_for: new Date('2026-11-30T09:00:00Z'),
    recurrence_anchor: new Date('2026-11-30T09:00:00Z'),
  });
});

it('keeps every tag, audit entry, notification and stream entry, the audit filed under the Inbox with its user as the actor', async () => {
  const annInbox = (
    await testDb.db
      .selectFrom('projects')
      .select('id')
      .where('owner_id', '=', ANN)
      .executeTakeFirstOrThrow()
  ).id;
  expect(
    await testDb.db
      .selectFrom('task_tags')
      .select(['task_id', 'tag_id'])
      .orderBy('task_id')
      .execute(),
  ).toHaveLength(2);
  expect(await testDb.db.selectFrom('tags').select('id').execute()).toHaveLength(2);
  const audit = await testDb.db
    .selectFrom('audit_log')
    .select(['event_id', 'user_id', 'project_id'])
    .orderBy('event_id')
    .execute();
  expect(audit[0]).toEqual({ event_id: 'e1', user_id: ANN, project_id: annInbox });
  expect(audit).toHaveLength(2);
  expect(await testDb.db.selectFrom('notifications').select(['kind', 'task_id']).execute()).toEqual(
    [{ kind: 'reminder', task_id: task(4) }],
  );
  expect(
    await testDb.db.selectFrom('user_stream').select(['user_id', 'project_id']).execute(),
  ).toEqual([{ user_id: ANN, project_id: null }]);
});

it('answers the moved data through the API as before, and a new account still gets its Inbox', async () => {
  const token = await createTokens({
    secret: TEST_JWT_SECRET,
    ttlSeconds: 3600,
    clock: t.clock,
  }).issue(ANN);
  const ann = client(t.app, token);
  const live = (await ann.get('/api/tasks?status=all&sort=title&order=asc')).body.items;
  expect(live.map((x: { title: string }) => x.title)).toEqual(['Done', 'Live', 'Weekly']);
  expect(live[1].tags.map((g: { name: string }) => g.name)).toEqual(['home']);
  expect(
    (await ann.get('/api/audit')).body.items.map(
      (e: { event_id: string; actor: { email: string } }) => [e.event_id, e.actor.email],
    ),
  ).toEqual([['e1', 'ann@example.com']]);
  expect((await ann.post(`/api/tasks/${task(3)}/restore`)).status).toBe(200);

  const signup = await client(t.app).post('/api/auth/signup', {
    email: 'cleo@example.com',
    password: 'a long password',
  });
  expect(signup.status).toBe(201);
  const cleo = client(t.app, signup.body.token);
  const created = await cleo.post('/api/tasks', { title: 'First' });
  expect(created.status).toBe(201);
  const inbox = await testDb.db
    .selectFrom('projects')
    .select(['id', 'is_inbox'])
    .where('owner_id', '=', signup.body.user.id)
    .execute();
  expect(inbox).toEqual([{ id: created.body.project_id, is_inbox: true }]);
});
