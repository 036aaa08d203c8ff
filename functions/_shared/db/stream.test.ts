import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/support/test-db.js';
import { appendToStreamsOnce, type StreamAppend } from './stream.js';

let testDb: TestDb;
const [owner, member, invited, outsider] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
const project = randomUUID();
const at = new Date('2026-12-03T12:00:00.000Z');

beforeAll(async () => {
  testDb = await createTestDb();
  for (const [i, id] of [owner, member, invited, outsider].entries()) {
    await sql`insert into users (id, email, timezone, password_hash) values (${id}, ${`stream${i}@example.com`}, 'UTC', 'x')`.execute(
      testDb.db,
    );
  }
  await testDb.db
    .insertInto('projects')
    .values({
      id: project,
      owner_id: owner,
      name: 'Shared',
      color: '#0284c7',
      created_at: at,
      updated_at: at,
    })
    .execute();
  await testDb.db
    .insertInto('project_members')
    .values([
      {
        project_id: project,
        user_id: owner,
        role: 'admin',
        invited_by: null,
        invited_at: at,
        accepted_at: at,
      },
      {
        project_id: project,
        user_id: member,
        role: 'editor',
        invited_by: owner,
        invited_at: at,
        accepted_at: at,
      },
      // Invited, not yet accepted: sees nothing of the project.
      {
        project_id: project,
        user_id: invited,
        role: 'editor',
        invited_by: owner,
        invited_at: at,
        accepted_at: null,
      },
    ])
    .execute();
});
afterAll(() => testDb.drop());

const streamOf = async (userId: string) =>
  (
    await testDb.db
      .selectFrom('user_stream')
      .select(['event_id', 'data', 'project_id'])
      .where('user_id', '=', userId)
      .orderBy('seq')
      .execute()
  ).map((e) => [e.event_id, (e.data as { n: number }).n, e.project_id]);

const taskEntry = (eventId: string, n: number): StreamAppend => ({
  membersOf: { projectId: project },
  entry: { eventId, kind: 'task', data: { n }, at, projectId: project },
});

it("appends each event's entries to the project's accepted members and its named users, in order, recording the events, in one statement", async () => {
  const [e1, e2, e3] = [`s-${randomUUID()}`, `s-${randomUUID()}`, `s-${randomUUID()}`];
  const appends: StreamAppend[] = [
    taskEntry(e1, 1),
    // A membership change: the others see it in the project; the member it is about, by name.
    {
      membersOf: { projectId: project, except: member },
      entry: { eventId: e2, kind: 'project', data: { n: 2 }, at, projectId: project },
    },
    {
      users: [member, member],
      entry: { eventId: e2, kind: 'project', data: { n: 2 }, at, projectId: null },
    },
    taskEntry(e3, 3),
  ];
  const fresh = await appendToStreamsOnce(testDb.db, 'stream-writer', [e1, e2, e3], appends, at);
  expect(fresh).toEqual(new Set([e1, e2, e3]));
  expect(await streamOf(owner)).toEqual([
    [e1, 1, project],
    [e2, 2, project],
    [e3, 3, project],
  ]);
  expect(await streamOf(member)).toEqual([
    [e1, 1, project],
    [e2, 2, null],
    [e3, 3, project],
  ]);
  expect(await streamOf(invited)).toEqual([]);
  expect(await streamOf(outsider)).toEqual([]);
  const recorded = await testDb.db
    .selectFrom('processed_events')
    .select('event_id')
    .where('consumer', '=', 'stream-writer')
    .where('event_id', 'in', [e1, e2, e3])
    .execute();
  expect(recorded).toHaveLength(3);
});

it('appends nothing for events recorded before, and records an event that makes no entry', async () => {
  const [seen, silent] = [`s-${randomUUID()}`, `s-${randomUUID()}`];
  expect(
    await appendToStreamsOnce(testDb.db, 'stream-writer', [seen], [taskEntry(seen, 4)], at),
  ).toEqual(new Set([seen]));
  const before = await streamOf(owner);
  // Delivered again with an event that has no entry (a notification already read): only that one is new.
  expect(
    await appendToStreamsOnce(testDb.db, 'stream-writer', [seen, silent], [taskEntry(seen, 5)], at),
  ).toEqual(new Set([silent]));
  expect(await streamOf(owner)).toEqual(before);
});

it('reads the members as they are when it runs: one who joined since sees the entry, one removed does not', async () => {
  const joined = randomUUID();
  await sql`insert into users (id, email, timezone, password_hash) values (${joined}, 'stream-joined@example.com', 'UTC', 'x')`.execute(
    testDb.db,
  );
  await testDb.db
    .insertInto('project_members')
    .values({
      project_id: project,
      user_id: joined,
      role: 'viewer',
      invited_by: owner,
      invited_at: at,
      accepted_at: at,
    })
    .execute();
  await testDb.db
    .deleteFrom('project_members')
    .where('project_id', '=', project)
    .where('user_id', '=', member)
    .execute();
  const event = `s-${randomUUID()}`;
  await appendToStreamsOnce(testDb.db, 'stream-writer', [event], [taskEntry(event, 6)], at);
  expect((await streamOf(joined)).map(([id]) => id)).toEqual([event]);
  expect((await streamOf(member)).map(([id]) => id)).not.toContain(event);
});
