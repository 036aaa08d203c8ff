import { expect, it } from 'vitest';
import { signedInClient } from '../../test/support/client.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();

async function readAll(user: Awaited<ReturnType<typeof signedInClient>>, query: string, between?: () => Promise<void>) {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: { items: { title: string }[]; next_cursor: string | null } } = await user.get(
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

it('refuses a bad limit, status or cursor with 400', async () => {
  const user = await signedInClient(env.t.app);
  const forged = Buffer.from(JSON.stringify({ c: 'yesterday', i: 'x' })).toString('base64url');
  for (const query of ['limit=0', 'limit=101', 'limit=ten', 'status=done', 'cursor=!!!', `cursor=${forged}`, 'limit=1&limit=2']) {
    const res = await user.get(`/api/tasks?${query}`);
    expect(res.status, query).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  }
});
