import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/support/test-db.js';
import { connectDb } from './connect.js';
import { listTasks, lockForSuccessor, lockTask, type TaskPageQuery } from './tasks.js';

let testDb: TestDb;
let userId: string;

beforeAll(async () => {
  testDb = await createTestDb();
  // An account (its Inbox comes with it) and a second project of its own, a few tasks in each.
  userId = (
    await sql<{
      id: string;
    }>`insert into users (id, email, timezone, password_hash) values (gen_random_uuid(), 'plans@example.com', 'UTC', 'x') returning id`.execute(
      testDb.db,
    )
  ).rows[0]!.id;
  await sql`with p as (insert into projects (id, owner_id, name, color, created_at, updated_at) values (gen_random_uuid(), ${userId}, 'Work', '#0284c7', now(), now()) returning id)
    insert into project_members (project_id, user_id, role, accepted_at) select id, ${userId}, 'admin', now() from p`.execute(
    testDb.db,
  );
  await sql`insert into tasks (id, user_id, project_id, title, status, priority, created_at, updated_at)
    select gen_random_uuid(), ${userId}, p.id, (array['milk', 'bread', 'report'])[1 + i % 3] || ' ' || i, 'pending', 'medium', now() - i * interval '1 minute', now()
    from projects p cross join generate_series(1, 12) i where p.owner_id = ${userId}`.execute(
    testDb.db,
  );
});
afterAll(() => testDb.drop());

/** Three new accounts, each with only its Inbox: their ids. */
async function accounts(prefix: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`insert into users (id, email, timezone, password_hash)
    select gen_random_uuid(), ${prefix} || i || '@example.com', 'UTC', 'x' from generate_series(1, 3) i returning id`.execute(
    testDb.db,
  );
  return rows.map((r) => r.id);
}

/** The connection's list statements as "N custom, M generic" plans, sorted. */
const planCounts = async (db: ReturnType<typeof connectDb>) =>
  (await plansOf(db)).map(({ generic, custom }) => `${custom} custom, ${generic} generic`).sort();

/** What PostgreSQL did with the connection's prepared list statements: plans made once (generic) or for the values (custom). */
async function plansOf(db: ReturnType<typeof connectDb>) {
  const { rows } = await sql<{ statement: string; generic_plans: string; custom_plans: string }>`
    select statement, generic_plans, custom_plans from pg_prepared_statements where statement like '%row_to_json(v)%'`.execute(
    db,
  );
  return rows.map((r) => ({
    search: r.statement.includes('ilike'),
    generic: Number(r.generic_plans),
    custom: Number(r.custom_plans),
  }));
}

it('plans the plain list once per connection for every user, and a search for its words every time', async () => {
  // Thirty accounts with only their Inbox (one with a task), and the first account a member of twenty
  // empty projects more: PostgreSQL's statistics know that most users have one project and one has many.
  await sql`insert into users (id, email, timezone, password_hash) select gen_random_uuid(), 'few' || i || '@example.com', 'UTC', 'x' from generate_series(1, 30) i`.execute(
    testDb.db,
  );
  const other = (
    await sql<{ id: string }>`select id from users where email = 'few1@example.com'`.execute(
      testDb.db,
    )
  ).rows[0]!.id;
  await sql`insert into tasks (id, user_id, project_id, title, status, priority, created_at, updated_at)
    select gen_random_uuid(), ${other}, p.id, 'their own', 'pending', 'medium', now(), now() from projects p where p.owner_id = ${other}`.execute(
    testDb.db,
  );
  await sql`with p as (insert into projects (id, owner_id, name, color, created_at, updated_at)
      select gen_random_uuid(), ${userId}, 'Empty ' || i, '#0284c7', now(), now() from generate_series(1, 20) i returning id)
    insert into project_members (project_id, user_id, role, accepted_at) select id, ${userId}, 'admin', now() from p`.execute(
    testDb.db,
  );
  await sql`analyze project_members`.execute(testDb.db);
  const one = connectDb({ url: testDb.url, poolMax: 1, statementTimeoutMs: 10_000 });
  try {
    const plain: TaskPageQuery = {
      userId,
      status: 'pending',
      sort: 'created_at',
      order: 'desc',
      limit: 5,
    };
    const theirs = [];
    const pages: string[][] = [];
    for (let i = 0; i < 7; i++)
      theirs.push(
        (await listTasks(one, { ...plain, userId: other })).map((r) => JSON.parse(r.view).title),
      );
    for (let i = 0; i < 7; i++) pages.push((await listTasks(one, plain)).map((r) => r.id));
    // The second page (after the fifth row), by its cursor, and the completed tasks (their projects'
    // ids read first, then merged): one statement each, planned once too.
    const fifth = (await listTasks(one, plain))[4]!;
    const after = { key: new Date(fifth.sort_key as Date), id: fifth.id };
    const second = [];
    for (let i = 0; i < 7; i++)
      second.push((await listTasks(one, { ...plain, after })).map((r) => r.id));
    for (let i = 0; i < 7; i++) await listTasks(one, { ...plain, status: 'completed' });
    for (const word of ['milk', 'bread', 'report', 'milk', 'bread', 'report', 'milk']) {
      const rows = await listTasks(one, { ...plain, q: word });
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(JSON.parse(row.view).title).toContain(word);
    }
    // The other account's page its one task; every page of the first the same newest six tasks of its
    // two projects with tasks (the page and one more), in order.
    expect(new Set(theirs.map((p) => p.join()))).toEqual(new Set(['their own']));
    expect(new Set(pages.map((p) => p.join()))).toHaveLength(1);
    expect(pages[0]).toHaveLength(6);
    // One statement for both: planned for its values the first five times, as PostgreSQL always does,
    // then its plan for any user, made once, for the other ten; the same for the cursor's and the
    // completed tasks'. The user is hidden from the planner, so
    // a plan made for one user never looks cheaper than the plan for any user (see `hidden`).
    expect(new Set(second.map((p) => p.join()))).toHaveLength(1);
    expect(second[0]).toHaveLength(6);
    expect(second[0]!.filter((id) => pages[0]!.slice(0, 5).includes(id))).toEqual([]);
    const plans = (await plansOf(one)).filter((p) => !p.search);
    expect(
      plans.map(({ generic, custom }) => `${custom} custom, ${generic} generic`).sort(),
    ).toEqual(['5 custom, 10 generic', '5 custom, 2 generic', '5 custom, 2 generic']);
    // A search is planned for its words every time: its words are written into it, so it is no prepared
    // statement, whose plan for any word PostgreSQL would switch to after five.
    expect((await plansOf(one)).filter((p) => p.search)).toEqual([]);
  } finally {
    await one.destroy();
  }
});

it("plans Today's list and a tag's once for every user, and walks each project's tasks by due date from the bound", async () => {
  // Before, Today's list (due by a date, sorted by due date) was a statement per user, prepared and kept
  // on each connection (~150 KB of the backend's memory per user), and read every task due by then.
  // (Due dates in milliseconds, as the API writes them: a cursor carries its key so.)
  const others = await accounts('today');
  await sql`insert into tasks (id, user_id, project_id, title, status, priority, due_at, created_at, updated_at)
    select gen_random_uuid(), p.owner_id, p.id, t.title, 'pending', 'medium', date_trunc('milliseconds', now() + t.due), now(), now()
    from projects p, (values ('later today', interval '2 hours'), ('overdue', interval '-1 day'), ('tomorrow', interval '30 hours')) t(title, due)
    where p.owner_id = any(${others})`.execute(testDb.db);
  await sql`insert into tasks (id, user_id, project_id, title, status, priority, created_at, updated_at)
    select gen_random_uuid(), p.owner_id, p.id, 'no date', 'pending', 'medium', now(), now() from projects p where p.owner_id = any(${others})`.execute(
    testDb.db,
  );
  const one = connectDb({ url: testDb.url, poolMax: 1, statementTimeoutMs: 10_000 });
  try {
    const endOfDay = new Date(Date.now() + 12 * 3_600_000);
    for (const user of [userId, ...others]) {
      const today: TaskPageQuery = {
        userId: user,
        status: 'pending',
        sort: 'due_at',
        order: 'asc',
        limit: 1,
        dueTo: endOfDay,
      };
      for (let i = 0; i < 7; i++) {
        const page = await listTasks(one, today);
        expect(page.map((r) => JSON.parse(r.view).title)).toEqual(
          user === userId ? [] : ['overdue', 'later today'],
        );
        if (user === userId) continue;
        const next = await listTasks(one, {
          ...today,
          after: { key: new Date(page[0]!.sort_key as Date), id: page[0]!.id },
        });
        expect(next.map((r) => JSON.parse(r.view).title)).toEqual(['later today']);
      }
    }
    // A tag's list (its filter tests each task walked, whatever the tag) is one statement for all too.
    await sql`insert into tags (id, user_id, name, color) select gen_random_uuid(), u, 'Home', '#0284c7' from unnest(${others}::uuid[]) u`.execute(
      testDb.db,
    );
    await sql`insert into task_tags (task_id, tag_id) select t.id, g.id from tasks t join tags g on g.user_id = t.user_id where t.title = 'tomorrow' and g.name = 'Home'`.execute(
      testDb.db,
    );
    for (const user of [userId, ...others]) {
      for (let i = 0; i < 7; i++) {
        const tagged = await listTasks(one, {
          userId: user,
          status: 'pending',
          sort: 'created_at',
          order: 'desc',
          limit: 50,
          tags: ['home'],
        });
        expect(tagged.map((r) => JSON.parse(r.view).title)).toEqual(
          user === userId ? [] : ['tomorrow'],
        );
      }
    }
    // One statement for Today's first page, one for its next, whoever asks; one for a tag's per number of
    // projects (its branches are the projects read first: the first account has more than the others).
    // Each planned for the values five times, then its plan for any user.
    expect(await planCounts(one)).toEqual([
      '5 custom, 16 generic',
      '5 custom, 16 generic',
      '5 custom, 2 generic',
      '5 custom, 23 generic',
    ]);
  } finally {
    await one.destroy();
  }
});

it("plans a parent's subtasks and an assignee's tasks once for every user", async () => {
  const others = await accounts('sub');
  const parents = new Map<string, string>();
  for (const user of others) {
    const parent = (
      await sql<{
        id: string;
      }>`insert into tasks (id, user_id, project_id, title, status, priority, created_at, updated_at)
      select gen_random_uuid(), ${user}, p.id, 'parent', 'pending', 'medium', now(), now() from projects p where p.owner_id = ${user} returning id`.execute(
        testDb.db,
      )
    ).rows[0]!.id;
    parents.set(user, parent);
    await sql`insert into tasks (id, user_id, project_id, parent_id, assignee_id, title, status, priority, created_at, updated_at)
      select gen_random_uuid(), ${user}, p.id, ${parent}, case when i = 1 then ${user}::uuid end, 'sub ' || i, 'pending', 'medium', now() - i * interval '1 second', now()
      from projects p cross join generate_series(1, 2) i where p.owner_id = ${user}`.execute(
      testDb.db,
    );
  }
  const one = connectDb({ url: testDb.url, poolMax: 1, statementTimeoutMs: 10_000 });
  try {
    for (const user of others) {
      const base: TaskPageQuery = {
        userId: user,
        status: 'pending',
        sort: 'created_at',
        order: 'desc',
        limit: 50,
      };
      for (let i = 0; i < 7; i++) {
        expect(
          (await listTasks(one, { ...base, parentId: parents.get(user)! })).map(
            (r) => JSON.parse(r.view).title,
          ),
        ).toEqual(['sub 1', 'sub 2']);
        expect(
          (await listTasks(one, { ...base, assigneeId: user })).map(
            (r) => JSON.parse(r.view).title,
          ),
        ).toEqual(['sub 1']);
      }
    }
    // Before, each was a statement per user, kept on the connection.
    expect(await planCounts(one)).toEqual(['5 custom, 16 generic', '5 custom, 16 generic']);
  } finally {
    await one.destroy();
  }
});

it("lists a tag's tasks, a tag by someone who has left the project too", async () => {
  const owner = (
    await sql<{
      id: string;
    }>`insert into users (id, email, timezone, password_hash) values (gen_random_uuid(), 'tagged@example.com', 'UTC', 'x') returning id`.execute(
      testDb.db,
    )
  ).rows[0]!.id;
  // 600 tasks tagged Common, newest first by number; three tagged Rare, two of them Common too.
  await sql`insert into tags (id, user_id, name, color) values (gen_random_uuid(), ${owner}, 'Common', '#0284c7'), (gen_random_uuid(), ${owner}, 'Rare', '#0284c7')`.execute(
    testDb.db,
  );
  await sql`insert into tasks (id, user_id, project_id, title, status, priority, created_at, updated_at)
    select gen_random_uuid(), ${owner}, p.id, 'task ' || i, 'pending', 'medium', timestamptz '2026-01-01' + i * interval '1 minute', now()
    from projects p cross join generate_series(1, 600) i where p.owner_id = ${owner}`.execute(
    testDb.db,
  );
  await sql`insert into task_tags (task_id, tag_id) select t.id, g.id from tasks t join tags g on g.user_id = t.user_id
    where t.user_id = ${owner} and ((g.name = 'Common' and t.title <> 'task 7') or (g.name = 'Rare' and t.title in ('task 7', 'task 300', 'task 555')))`.execute(
    testDb.db,
  );
  const titles = async (q: Partial<TaskPageQuery>) =>
    (
      await listTasks(testDb.db, {
        userId: owner,
        status: 'pending',
        sort: 'created_at',
        order: 'desc',
        limit: 50,
        ...q,
      })
    ).map((r) => JSON.parse(r.view).title);
  expect(await titles({ tags: ['rare'] })).toEqual(['task 555', 'task 300', 'task 7']);
  expect(await titles({ tags: ['RARE', 'common'] })).toEqual(['task 555', 'task 300']);
  expect(await titles({ tags: ['rare'], sort: 'title', order: 'asc', limit: 1 })).toEqual([
    'task 300',
    'task 555',
  ]);
  expect(await titles({ tags: ['rare'], q: '55' })).toEqual(['task 555']);
  expect(await titles({ tags: ['rare', 'nowhere'] })).toEqual([]);
  const common = await titles({ tags: ['common'] });
  expect(common).toHaveLength(51);
  expect(common.slice(0, 3)).toEqual(['task 600', 'task 599', 'task 598']);
  // A tag of someone who shared the project and has left it: still on its task, still found by its name.
  const left = (
    await sql<{
      id: string;
    }>`insert into users (id, email, timezone, password_hash) values (gen_random_uuid(), 'left@example.com', 'UTC', 'x') returning id`.execute(
      testDb.db,
    )
  ).rows[0]!.id;
  await sql`with g as (insert into tags (id, user_id, name, color) values (gen_random_uuid(), ${left}, 'Theirs', '#0284c7') returning id)
    insert into task_tags (task_id, tag_id) select t.id, g.id from tasks t, g where t.user_id = ${owner} and t.title = 'task 42'`.execute(
    testDb.db,
  );
  expect(await titles({ tags: ['theirs'] })).toEqual(['task 42']);
  // The next page of a rare tag's list, by its cursor.
  const first = await listTasks(testDb.db, {
    userId: owner,
    status: 'pending',
    sort: 'created_at',
    order: 'desc',
    limit: 1,
    tags: ['rare'],
  });
  const after = { key: new Date(first[0]!.sort_key as Date), id: first[0]!.id };
  expect(await titles({ tags: ['rare'], limit: 1, after })).toEqual(['task 300', 'task 7']);
});

it('finds what was typed, quotes, backslashes and wildcards as plain characters, though it is written into the statement', async () => {
  const titles = [
    "it's 100% done",
    'it is 100 done',
    'back\\slash_here',
    'backXslashYhere',
    "'); drop table tasks; --",
  ];
  await sql`insert into tasks (id, user_id, project_id, title, status, priority, created_at, updated_at)
    select gen_random_uuid(), ${userId}, p.id, t, 'pending', 'medium', now(), now() from projects p, unnest(${titles}::text[]) t where p.owner_id = ${userId} and p.is_inbox`.execute(
    testDb.db,
  );
  const found = async (q: string) =>
    (
      await listTasks(testDb.db, {
        userId,
        status: 'pending',
        sort: 'created_at',
        order: 'desc',
        limit: 50,
        q,
      })
    ).map((r) => JSON.parse(r.view).title);
  expect(await found("it's 100%")).toEqual(["it's 100% done"]);
  expect(await found('k\\slash_')).toEqual(['back\\slash_here']);
  expect(await found("'); drop table tasks; --")).toEqual(["'); drop table tasks; --"]);
  // A tag with a quote and a backslash in its name, on one task: found by its name, written into the
  // statement with every filter below.
  await sql`with g as (insert into tags (id, user_id, name, color) values (gen_random_uuid(), ${userId}, ${"O'clock\\"}, '#0284c7') returning id)
    insert into task_tags (task_id, tag_id) select t.id, g.id from tasks t, g where t.title = ${"it's 100% done"}`.execute(
    testDb.db,
  );
  const tagged = await listTasks(testDb.db, {
    userId,
    status: 'pending',
    sort: 'created_at',
    order: 'desc',
    limit: 50,
    tags: ["o'clock\\"],
  });
  expect(tagged.map((r) => JSON.parse(r.view).title)).toEqual(["it's 100% done"]);
  expect(
    await listTasks(testDb.db, {
      userId,
      status: 'pending',
      sort: 'created_at',
      order: 'desc',
      limit: 50,
      tags: ["o'clock"],
    }),
  ).toEqual([]);
  expect(
    Number(
      (await sql<{ n: string }>`select count(*) as n from tasks`.execute(testDb.db)).rows[0]!.n,
    ),
  ).toBeGreaterThan(5);
  // With every other filter beside it, each written in as well: no search leaves a prepared statement.
  const one = connectDb({ url: testDb.url, poolMax: 1, statementTimeoutMs: 10_000 });
  try {
    const after = {
      key: new Date('2030-01-01T00:00:00Z'),
      id: '00000000-0000-0000-0000-000000000000',
    };
    const every = {
      userId,
      status: 'pending',
      sort: 'created_at',
      order: 'desc',
      limit: 50,
      q: "it's",
      tags: ["o'clock\\"],
      dueFrom: new Date(0),
      dueTo: new Date('2030-01-01T00:00:00Z'),
      overdueAt: new Date(),
      after,
      assigneeId: userId,
      parentId: after.id,
    } as const;
    for (let i = 0; i < 7; i++) expect(await listTasks(one, every)).toEqual([]);
    const alone = {
      ...every,
      dueFrom: undefined,
      dueTo: undefined,
      overdueAt: undefined,
      assigneeId: undefined,
      parentId: undefined,
      after: undefined,
    };
    for (let i = 0; i < 7; i++)
      expect(
        (await listTasks(one, { ...alone, tags: undefined })).map((r) => JSON.parse(r.view).title),
      ).toEqual(["it's 100% done"]);
    for (let i = 0; i < 7; i++)
      expect((await listTasks(one, alone)).map((r) => JSON.parse(r.view).title)).toEqual([
        "it's 100% done",
      ]);
    expect((await plansOf(one)).filter((p) => p.search)).toEqual([]);
  } finally {
    await one.destroy();
  }
  // The same on a server where a backslash in a plain literal is an escape (standard_conforming_strings off).
  await sql`do $$ begin execute format('alter database %I set standard_conforming_strings = off', current_database()); end $$`.execute(
    testDb.db,
  );
  const old = connectDb({ url: testDb.url, poolMax: 1, statementTimeoutMs: 10_000 });
  try {
    expect(
      (
        await sql<{
          s: string;
        }>`select current_setting('standard_conforming_strings') as s`.execute(old)
      ).rows[0]!.s,
    ).toBe('off');
    const titles = async (q: string) =>
      (
        await listTasks(old, {
          userId,
          status: 'pending',
          sort: 'created_at',
          order: 'desc',
          limit: 50,
          q,
        })
      ).map((r) => JSON.parse(r.view).title);
    expect(await titles('k\\slash_')).toEqual(['back\\slash_here']);
    expect(await titles("\\' or true --")).toEqual([]);
    expect(await titles("it's 100%")).toEqual(["it's 100% done"]);
  } finally {
    await old.destroy();
    await sql`do $$ begin execute format('alter database %I reset standard_conforming_strings', current_database()); end $$`.execute(
      testDb.db,
    );
  }
});

it("locks a task with its project held first, in one statement: a project locked for update waits, and so does the recurrence consumer's lock of the task", async () => {
  const { rows } = await sql<{
    id: string;
    project_id: string;
  }>`select id, project_id from tasks where user_id = ${userId} order by id limit 1`.execute(
    testDb.db,
  );
  const task = rows[0]!;
  const other = connectDb({ url: testDb.url, poolMax: 2, statementTimeoutMs: 5_000 });
  try {
    await testDb.db.transaction().execute(async (tx) => {
      const locked = await lockTask(tx, userId, task.id);
      expect(locked).toMatchObject({ id: task.id, role: 'admin' });
      // What a project's deletion takes first: it must wait for the key-share lock held here.
      const projectLock = await other
        .transaction()
        .execute(async (tx2) => {
          await sql`set local lock_timeout = '200ms'`.execute(tx2);
          await sql`select id from projects where id = ${task.project_id} for update`.execute(tx2);
        })
        .then(
          () => 'taken',
          (err: { code?: string }) => err.code,
        );
      expect(projectLock).toBe('55P03'); // lock_not_available
      // The task itself is locked for update too: the recurrence consumer's lock waits the same way.
      const waited = await other
        .transaction()
        .execute(async (tx2) => {
          await sql`set local lock_timeout = '200ms'`.execute(tx2);
          await lockForSuccessor(tx2, task.id);
        })
        .then(
          () => 'taken',
          (err: { code?: string }) => err.code,
        );
      expect(waited).toBe('55P03');
    });
    // Once free, the recurrence consumer's lock answers the row and its series' time zone.
    const row = await other.transaction().execute((tx) => lockForSuccessor(tx, task.id));
    expect(row).toMatchObject({ id: task.id, series_timezone: 'UTC' });
    expect(
      await other
        .transaction()
        .execute((tx) => lockForSuccessor(tx, '00000000-0000-4000-8000-000000000000')),
    ).toBeUndefined();
    // Another user's lock finds nothing: they are not a member of its project.
    const [stranger] = await accounts('stranger');
    expect(
      await other.transaction().execute((tx) => lockTask(tx, stranger!, task.id)),
    ).toBeUndefined();
  } finally {
    await other.destroy();
  }
});
