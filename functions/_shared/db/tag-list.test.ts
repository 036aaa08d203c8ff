import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/support/test-db.js';
import { migrateDatabase } from './migrate.js';
import { migrations } from './migrations/index.js';
import { deleteTagRow, linkTags, setTaskTags, updateTagRow } from './tags.js';

// A task's `tag_list` (what a list page shows) is kept by PostgreSQL's triggers, whatever changes the
// links or the tags: checked here against the tags read fresh (ripple_tag_list), after each change.

let testDb: TestDb;
let owner: string;
let member: string;
let project: string;

const id = async () =>
  (await sql<{ id: string }>`select gen_random_uuid() as id`.execute(testDb.db)).rows[0]!.id;

async function user(email: string): Promise<string> {
  return (
    await sql<{
      id: string;
    }>`insert into users (id, email, timezone, password_hash) values (gen_random_uuid(), ${email}, 'UTC', 'x') returning id`.execute(
      testDb.db,
    )
  ).rows[0]!.id;
}

async function tag(userId: string, name: string, color = '#0284c7'): Promise<string> {
  const tagId = await id();
  await sql`insert into tags (id, user_id, name, color) values (${tagId}, ${userId}, ${name}, ${color})`.execute(
    testDb.db,
  );
  return tagId;
}

async function task(title: string): Promise<string> {
  const taskId = await id();
  await sql`insert into tasks (id, user_id, project_id, title, created_at, updated_at) values (${taskId}, ${owner}, ${project}, ${title}, now(), now())`.execute(
    testDb.db,
  );
  return taskId;
}

/** The names on a task's column, in its order. */
const shown = async (taskId: string) =>
  (
    (
      await testDb.db
        .selectFrom('tasks')
        .select('tag_list')
        .where('id', '=', taskId)
        .executeTakeFirstOrThrow()
    ).tag_list ?? []
  ).map((t) => t.name);

/** Tasks whose column differs from their tags read fresh: none, ever. */
const stale = async () =>
  (
    await sql<{
      id: string;
    }>`select id from tasks where tag_list::text <> ripple_tag_list(id)::text`.execute(testDb.db)
  ).rows;

beforeAll(async () => {
  testDb = await createTestDb();
  owner = await user('owner@example.com');
  member = await user('member@example.com');
  project = (
    await sql<{
      id: string;
    }>`select id from projects where owner_id = ${owner} and is_inbox`.execute(testDb.db)
  ).rows[0]!.id;
});
afterAll(() => testDb.drop());

it('follows links made, replaced and removed, ordered by name, with each tag as the API shows it', async () => {
  const [work, home, errand] = [
    await tag(owner, 'work', '#0284c7'),
    await tag(owner, 'Home', '#16a34a'),
    await tag(owner, 'errand'),
  ];
  const a = await task('a');
  const b = await task('b');
  expect(await shown(a)).toEqual([]);
  await linkTags(testDb.db, a, [work!, home!, errand!]);
  await linkTags(testDb.db, b, [work!]);
  expect(await shown(a)).toEqual(['errand', 'Home', 'work']);
  const [row] = (
    await testDb.db.selectFrom('tasks').select('tag_list').where('id', '=', a).execute()
  ).map((r) => r.tag_list);
  expect(row![1]).toEqual({ id: home, name: 'Home', color: '#16a34a' });
  await setTaskTags(testDb.db, a, [home!]);
  expect(await shown(a)).toEqual(['Home']);
  await setTaskTags(testDb.db, a, []);
  expect(await shown(a)).toEqual([]);
  expect(await shown(b)).toEqual(['work']);
  // A link moved from one task to another (Ripple never does; a hand-made fix might): both follow.
  await linkTags(testDb.db, a, [errand!]);
  await sql`update task_tags set task_id = ${b} where task_id = ${a} and tag_id = ${errand}`.execute(
    testDb.db,
  );
  expect([await shown(a), await shown(b)]).toEqual([[], ['errand', 'work']]);
  expect(await stale()).toEqual([]);
});

it('follows a tag renamed, recoloured or deleted, on every task carrying it, and leaves the others alone', async () => {
  const urgent = await tag(owner, 'urgent');
  const later = await tag(owner, 'later');
  const tasks = [await task('c'), await task('d'), await task('e')];
  for (const t of tasks.slice(0, 2)) await linkTags(testDb.db, t, [urgent, later]);
  await linkTags(testDb.db, tasks[2]!, [later]);
  const untouched = await testDb.db
    .selectFrom('tasks')
    .select(['id', 'version', 'updated_at'])
    .where('id', 'in', tasks)
    .orderBy('id')
    .execute();
  await updateTagRow(testDb.db, urgent, { name: 'asap' });
  expect(await Promise.all(tasks.map(shown))).toEqual([
    ['asap', 'later'],
    ['asap', 'later'],
    ['later'],
  ]);
  await updateTagRow(testDb.db, later, { color: '#dc2626' });
  expect(
    (
      await testDb.db
        .selectFrom('tasks')
        .select('tag_list')
        .where('id', '=', tasks[2]!)
        .executeTakeFirstOrThrow()
    ).tag_list,
  ).toEqual([{ id: later, name: 'later', color: '#dc2626' }]);
  await deleteTagRow(testDb.db, urgent);
  expect(await Promise.all(tasks.map(shown))).toEqual([['later'], ['later'], ['later']]);
  // The column is PostgreSQL's bookkeeping: a task's version and updated_at say what its user changed.
  expect(
    await testDb.db
      .selectFrom('tasks')
      .select(['id', 'version', 'updated_at'])
      .where('id', 'in', tasks)
      .orderBy('id')
      .execute(),
  ).toEqual(untouched);
  expect(await stale()).toEqual([]);
});

it("carries a shared task's tags of every member, and survives its task's deletion and its tags' owner's", async () => {
  const mine = await tag(owner, 'mine');
  const theirs = await tag(member, 'theirs');
  const shared = await task('shared');
  await linkTags(testDb.db, shared, [mine, theirs]);
  expect(await shown(shared)).toEqual(['mine', 'theirs']);
  await sql`delete from users where id = ${member}`.execute(testDb.db);
  expect(await shown(shared)).toEqual(['mine']);
  await sql`delete from tasks where id = ${shared}`.execute(testDb.db);
  expect(
    await testDb.db
      .selectFrom('task_tags')
      .select('task_id')
      .where('task_id', '=', shared)
      .execute(),
  ).toEqual([]);
  // Many links in one statement (a copied series, a bulk load): each task once, all of them right.
  const many = await Promise.all(Array.from({ length: 20 }, (_, i) => task(`bulk ${i}`)));
  await sql`insert into task_tags (task_id, tag_id) select t, ${mine}::uuid from unnest(${many}::uuid[]) t`.execute(
    testDb.db,
  );
  expect(new Set((await Promise.all(many.map(shown))).map((names) => names.join()))).toEqual(
    new Set(['mine']),
  );
  expect(await stale()).toEqual([]);
});

it('fills the column of every task tagged before it existed, when the database is upgraded', async () => {
  const old = await createTestDb({ migrate: false });
  try {
    await migrateDatabase(
      old.db,
      Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '2026-12-03T0000')),
    );
    const u = (
      await sql<{
        id: string;
      }>`insert into users (id, email, timezone, password_hash) values (gen_random_uuid(), 'before@example.com', 'UTC', 'x') returning id`.execute(
        old.db,
      )
    ).rows[0]!.id;
    const inbox = (
      await sql<{ id: string }>`select id from projects where owner_id = ${u} and is_inbox`.execute(
        old.db,
      )
    ).rows[0]!.id;
    const { rows } = await sql<{
      id: string;
    }>`insert into tasks (id, user_id, project_id, title, created_at, updated_at)
      select gen_random_uuid(), ${u}, ${inbox}, 'old ' || i, now(), now() from generate_series(1, 3) i returning id`.execute(
      old.db,
    );
    await sql`insert into tags (id, user_id, name, color) values (gen_random_uuid(), ${u}, 'zeta', '#0284c7'), (gen_random_uuid(), ${u}, 'Alpha', '#16a34a')`.execute(
      old.db,
    );
    await sql`insert into task_tags select ${rows[0]!.id}::uuid, id from tags where user_id = ${u}`.execute(
      old.db,
    );
    await sql`insert into task_tags select ${rows[1]!.id}::uuid, id from tags where user_id = ${u} and name = 'zeta'`.execute(
      old.db,
    );
    await migrateDatabase(old.db, migrations);
    const lists = await old.db
      .selectFrom('tasks')
      .select(['id', 'tag_list'])
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    const names = new Map(lists.map((l) => [l.id, l.tag_list.map((t) => t.name)]));
    expect(rows.map((r) => names.get(r.id))).toEqual([['Alpha', 'zeta'], ['zeta'], []]);
  } finally {
    await old.drop();
  }
});
