import { expect, it } from 'vitest';
import { sql } from 'kysely';
import { signedInClient } from '../../test/support/client.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();

async function readAll(
  user: Awaited<ReturnType<typeof signedInClient>>,
  query: string,
  between?: () => Promise<void>,
) {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const res: {
      status: number;
      body: { items: { title: string }[]; next_cursor: string | null };
    } = await user.get(
      `/api/tasks?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(res.status).toBe(200);
    seen.push(...res.body.items.map((i) => i.title));
    cursor = res.body.next_cursor;
    await between?.();
  } while (cursor);
  return seen;
}

it('pages through tasks newest first, with no row missed or repeated when tasks are added between pages', async () => {
  const user = await signedInClient(env.t.app);
  for (let i = 1; i <= 7; i++) {
    await user.post('/api/tasks', { title: `task ${i}` });
    // Some tasks share a creation instant: the id breaks the tie.
    if (i % 2 === 0) env.t.clock.advance(1000);
  }
  let added = 0;
  const titles = await readAll(user, 'limit=3', async () => {
    env.t.clock.advance(1000);
    await user.post('/api/tasks', { title: `late ${++added}` });
  });
  expect(titles).toEqual(['task 7', 'task 6', 'task 5', 'task 4', 'task 3', 'task 2', 'task 1']);
  expect(await readAll(user, 'limit=100')).toHaveLength(7 + added);
});

it('filters by status: pending by default, completed, or all; deleted tasks never', async () => {
  const user = await signedInClient(env.t.app);
  const ids: string[] = [];
  for (const title of ['a', 'b', 'c']) ids.push((await user.post('/api/tasks', { title })).body.id);
  await user.post(`/api/tasks/${ids[0]}/complete`);
  await user.delete(`/api/tasks/${ids[1]}`);
  expect(await readAll(user, '')).toEqual(['c']);
  expect(await readAll(user, 'status=completed')).toEqual(['a']);
  expect(await readAll(user, 'status=all')).toEqual(['c', 'a']);
});

it('refuses a bad limit, status, cursor or due range with 400', async () => {
  const user = await signedInClient(env.t.app);
  const forged = Buffer.from(JSON.stringify({ c: 'yesterday', i: 'x' })).toString('base64url');
  for (const query of [
    'limit=0',
    'limit=101',
    'limit=ten',
    'status=done',
    'cursor=!!!',
    `cursor=${forged}`,
    'limit=1&limit=2',
    'due_from=2026-03-01T00:00:00Z&due_to=null',
    'due_from=x&due_to=2026-03-01T00:00:00Z',
  ]) {
    const res = await user.get(`/api/tasks?${query}`);
    expect(res.status, query).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  }
});

it('refuses a cursor issued for another query or another user, or changed by hand', async () => {
  const alice = await signedInClient(env.t.app);
  const bob = await signedInClient(env.t.app);
  for (let i = 0; i < 3; i++) {
    await alice.post('/api/tasks', { title: `mine ${i}`, priority: 'high' });
    await bob.post('/api/tasks', { title: `his ${i}`, priority: 'high' });
  }
  const { body } = await alice.get('/api/tasks?limit=1&priority=high');
  const cursor = encodeURIComponent(body.next_cursor);
  expect((await alice.get(`/api/tasks?limit=1&priority=high&cursor=${cursor}`)).status).toBe(200);
  // The page size may change between pages; nothing else may.
  expect((await alice.get(`/api/tasks?limit=5&priority=high&cursor=${cursor}`)).status).toBe(200);
  expect((await alice.get(`/api/tasks?limit=1&priority=low&cursor=${cursor}`)).status).toBe(400);
  expect(
    (await alice.get(`/api/tasks?limit=1&priority=high&sort=title&cursor=${cursor}`)).status,
  ).toBe(400);
  expect((await bob.get(`/api/tasks?limit=1&priority=high&cursor=${cursor}`)).status).toBe(400);
  const [payload, mac] = (body.next_cursor as string).split('.') as [string, string];
  const moved = Buffer.from(
    JSON.stringify({
      ...JSON.parse(Buffer.from(payload, 'base64url').toString()),
      i: '01900000-0000-7000-8000-000000000000',
    }),
  ).toString('base64url');
  expect((await alice.get(`/api/tasks?limit=1&priority=high&cursor=${moved}.${mac}`)).status).toBe(
    400,
  );
});

it("finds nothing by another user's tag name, and filters with the contract's parameters", async () => {
  const alice = await signedInClient(env.t.app);
  const bob = await signedInClient(env.t.app);
  await alice.post('/api/tasks', {
    title: 'Secret plan',
    tags: ['private'],
    due_at: '2026-03-02T09:00:00+01:00',
  });
  await bob.post('/api/tasks', { title: 'Open plan' });
  expect((await bob.get('/api/tasks?tags=private')).body.items).toEqual([]);
  expect((await bob.get('/api/tasks?q=secret')).body.items).toEqual([]);
  expect(
    (await alice.get('/api/tasks?tags=PRIVATE&q=PLAN')).body.items.map(
      (t: { title: string }) => t.title,
    ),
  ).toEqual(['Secret plan']);
  // An offset written with a bare "+" arrives as a space in a query string; it still means "+".
  expect(
    (
      await alice.get(
        '/api/tasks?due_from=2026-03-02T09:00:00+01:00&due_to=2026-03-02T09:00:00%2B01:00',
      )
    ).body.items,
  ).toHaveLength(1);
});

it('refuses bad filters with 400 naming the parameter', async () => {
  const user = await signedInClient(env.t.app);
  const cases: [string, string][] = [
    ['priority=critical', 'query.priority.0'],
    ['sort=colour', 'query.sort'],
    ['order=up', 'query.order'],
    ['due_from=2026-03-02T00:00:00Z&due_to=2026-03-01T00:00:00Z', 'query.due_from'],
    ['due_to=tomorrow', 'query.due_to'],
    ['due_from=0000-01-01T00:00:00Z', 'query.due_from'],
    ['due_from=0069-01-01T00:00:00Z', 'query.due_from'],
    ['due_to=9999-12-31T23:59:59-01:00', 'query.due_to'],
    ['overdue=yes', 'query.overdue'],
    [`q=${'x'.repeat(201)}`, 'query.q'],
    [`tags=${'t'.repeat(51)}`, 'query.tags.0'],
  ];
  for (const [query, path] of cases) {
    const res = await user.get(`/api/tasks?${query}`);
    expect(res.status, query).toBe(400);
    expect(
      res.body.errors.map((e: { path: string }) => e.path),
      query,
    ).toContain(path);
  }
});

it('filters by a tag whose name holds a comma (escaped as \\, in the list), and plain comma lists still work', async () => {
  const user = await signedInClient(env.t.app);
  await user.post('/api/tasks', { title: 'Both', tags: ['a,b', 'home'] });
  await user.post('/api/tasks', { title: 'Only a', tags: ['a', 'home'] });
  await user.post('/api/tasks', { title: 'Only b', tags: ['b'] });
  const titles = async (query: string) =>
    (await user.get(`/api/tasks?${query}`)).body.items.map((t: { title: string }) => t.title);
  expect(await titles(`tags=${encodeURIComponent('a\\,b')}`)).toEqual(['Both']);
  expect(await titles(`tags=${encodeURIComponent('a\\,b,home')}`)).toEqual(['Both']);
  expect(await titles('tags=a,home')).toEqual(['Only a']);
  expect(await titles('tags=home')).toEqual(['Only a', 'Both']);
});

it('answers each task exactly as GET /api/tasks/:id does (the list is JSON made by PostgreSQL, the task by TypeScript)', async () => {
  const user = await signedInClient(env.t.app);
  const due = '2026-12-24T17:30:00.000Z';
  const made = [
    await user.post('/api/tasks', { title: 'Plain' }),
    await user.post('/api/tasks', {
      title: 'Quotes " and \\ and </script> and ünïcödé 🚀',
      description: 'Line one\nline two\t"quoted"',
      priority: 'urgent',
      tags: ['work', 'Ünï "tag"'],
      due_at: due,
      remind_at: '2026-12-24T17:00:00.000Z',
    }),
    await user.post('/api/tasks', {
      title: 'Repeats',
      due_at: due,
      recurrence: { frequency: 'weekly', interval: 2, weekdays: ['mo', 'th'] },
    }),
    await user.post('/api/tasks', {
      title: 'Repeats by rule',
      due_at: due,
      recurrence: { rrule: 'FREQ=MONTHLY;BYMONTHDAY=-1' },
    }),
  ];
  for (const res of made) expect(res.status).toBe(201);
  const parent = made[0]!.body as { id: string };
  const sub = await user.post('/api/tasks', { title: 'Sub', parent_id: parent.id });
  expect(sub.status).toBe(201);
  expect(
    (await user.post(`/api/tasks/${(sub.body as { id: string }).id}/complete`, {})).status,
  ).toBe(200);
  await user.post('/api/tasks', { title: 'Sub 2', parent_id: parent.id });
  // Times with microseconds (PostgreSQL keeps them; the API writes milliseconds, cut, not rounded) and an odd position.
  await env.db.db
    .updateTable('tasks')
    .set({ created_at: new Date('2026-11-30T23:59:59.999Z'), position: 1234567.890625 })
    .where('id', '=', parent.id)
    .execute();
  await sql`update tasks set updated_at = '2026-11-30 23:59:59.999999+00', due_at = '2027-01-01 00:00:00.0005+00' where id = ${(made[1]!.body as { id: string }).id}`.execute(
    env.db.db,
  );

  const list = await user.get('/api/tasks?status=all&limit=100');
  expect(list.status).toBe(200);
  expect(list.headers.get('content-type')).toMatch(/^application\/json/);
  const items = (
    list.body as { items: (Record<string, unknown> & { id: string; title: string })[] }
  ).items;
  expect(items).toHaveLength(6);
  for (const item of items) {
    const one = await user.get(`/api/tasks/${item.id}`);
    expect(item).toStrictEqual(one.body);
  }
  const byTitle = new Map(items.map((i) => [i.title, i]));
  expect(byTitle.get('Plain')).toMatchObject({
    created_at: '2026-11-30T23:59:59.999Z',
    position: 1234567.890625,
    subtasks: { done: 1, total: 2 },
  });
  expect(byTitle.get('Quotes " and \\ and </script> and ünïcödé 🚀')).toMatchObject({
    updated_at: '2026-11-30T23:59:59.999Z',
    due_at: '2027-01-01T00:00:00.000Z',
  });
  expect(byTitle.get('Repeats')!.recurrence).toMatchObject({
    frequency: 'weekly',
    interval: 2,
    rrule: expect.stringContaining('FREQ=WEEKLY'),
  });
});
