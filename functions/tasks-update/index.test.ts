import { expect, it } from 'vitest';
import { signedInClient } from '../../test/support/client.js';
import { newProject } from '../../test/support/projects.js';
import { share } from '../../test/support/sharing.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();

const due = '2026-03-10T09:00:00Z';

it('applies If-Match: a stale version answers 412 and changes nothing; the current one applies', async () => {
  const user = await signedInClient(env.t.app);
  const { body: task } = await user.post('/api/tasks', { title: 'v1' });
  const v2 = await user.patch(`/api/tasks/${task.id}`, { title: 'v2' }, { 'if-match': '"1"' });
  expect(v2.status).toBe(200);
  expect(v2.headers.get('etag')).toBe('"2"');

  const stale = await user.patch(
    `/api/tasks/${task.id}`,
    { title: 'lost update' },
    { 'if-match': '"1"' },
  );
  expect(stale.status).toBe(412);
  expect(
    (await user.post(`/api/tasks/${task.id}/complete`, undefined, { 'if-match': '"1"' })).status,
  ).toBe(412);
  expect((await user.delete(`/api/tasks/${task.id}`, { 'if-match': '"1"' })).status).toBe(412);
  expect((await user.get(`/api/tasks/${task.id}`)).body).toEqual(v2.body);

  for (const bad of ['2', '"two"', '"0"', 'W/"2"', '"2", "3"']) {
    expect(
      (await user.patch(`/api/tasks/${task.id}`, { title: 'x' }, { 'if-match': bad })).status,
      bad,
    ).toBe(400);
  }
  // Without If-Match the last write wins.
  expect((await user.patch(`/api/tasks/${task.id}`, { title: 'v3' })).body.version).toBe(3);
});

it('keeps absent fields, clears fields set to null, and checks the cross-field rules on the result', async () => {
  const user = await signedInClient(env.t.app);
  const { body: task } = await user.post('/api/tasks', {
    title: 'Rent',
    description: 'Transfer',
    tags: ['money'],
    due_at: due,
    remind_at: '2026-03-09T09:00:00Z',
    recurrence: { frequency: 'monthly' },
  });
  expect((await user.patch(`/api/tasks/${task.id}`, { due_at: null })).status).toBe(400);
  expect(
    (await user.patch(`/api/tasks/${task.id}`, { remind_at: '2026-03-11T09:00:00Z' })).status,
  ).toBe(400);
  expect(
    (await user.patch(`/api/tasks/${task.id}`, { due_at: '2026-03-08T09:00:00Z' })).status,
  ).toBe(400);
  expect((await user.patch(`/api/tasks/${task.id}`, { title: null })).status).toBe(400);
  expect((await user.get(`/api/tasks/${task.id}`)).body).toEqual(task);

  const cleared = await user.patch(`/api/tasks/${task.id}`, {
    recurrence: null,
    due_at: null,
    remind_at: null,
    tags: null,
    description: null,
  });
  expect(cleared.status).toBe(200);
  expect(cleared.body).toMatchObject({
    title: 'Rent',
    recurrence: null,
    due_at: null,
    remind_at: null,
    tags: [],
    description: null,
    version: 2,
  });
  const row = await env.db.db
    .selectFrom('tasks')
    .select(['recurrence', 'due_at'])
    .where('id', '=', task.id)
    .executeTakeFirstOrThrow();
  expect(row).toEqual({ recurrence: null, due_at: null });
});

it('answers 400 for a malformed id and 404 for an unknown one', async () => {
  const user = await signedInClient(env.t.app);
  expect((await user.patch('/api/tasks/not-a-uuid', { title: 'x' })).status).toBe(400);
  expect((await user.get('/api/tasks/not-a-uuid')).status).toBe(400);
  expect(
    (await user.patch('/api/tasks/01900000-0000-7000-8000-000000000000', { title: 'x' })).status,
  ).toBe(404);
});

it('refuses a due date or reminder outside 1900–9999 with 400 naming the field, and keeps the task as it was', async () => {
  const user = await signedInClient(env.t.app);
  const { body: task } = await user.post('/api/tasks', { title: 'Far', due_at: due });
  const cases: [Record<string, string>, string][] = [
    [{ due_at: '0000-01-01T00:00:00Z' }, 'due_at'],
    [{ due_at: '0001-01-01T00:00:00Z' }, 'due_at'],
    [{ due_at: '9999-12-31T23:59:59-01:00' }, 'due_at'],
    [{ remind_at: '0099-12-31T23:59:59Z' }, 'remind_at'],
  ];
  for (const [body, path] of cases) {
    const res = await user.patch(`/api/tasks/${task.id}`, body);
    expect(res.status, JSON.stringify(body)).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  }
  expect((await user.get(`/api/tasks/${task.id}`)).body).toEqual(task);
  const moved = await user.patch(`/api/tasks/${task.id}`, {
    due_at: '9999-12-31T23:59:59.999Z',
    remind_at: '1900-01-01T00:00:00Z',
  });
  expect(moved.status).toBe(200);
  expect(moved.body).toMatchObject({
    due_at: '9999-12-31T23:59:59.999Z',
    remind_at: '1900-01-01T00:00:00.000Z',
  });
});

it('orders a project by hand: new tasks go last, a position between two neighbours moves one there, pages keep the order', async () => {
  const user = await signedInClient(env.t.app);
  const project = await newProject(user, 'Order');
  const ids: Record<string, { id: string; position: number; version: number }> = {};
  for (const title of ['a', 'b', 'c', 'd'])
    ids[title] = (await user.post('/api/tasks', { title, project_id: project.id })).body;
  const order = async () => {
    const titles: string[] = [];
    let cursor = '';
    do {
      const page = await user.get(
        `/api/tasks?project_id=${project.id}&sort=position&order=asc&limit=2${cursor && `&cursor=${encodeURIComponent(cursor)}`}`,
      );
      titles.push(...page.body.items.map((t: { title: string }) => t.title));
      cursor = page.body.next_cursor ?? '';
    } while (cursor);
    return titles;
  };
  expect(await order()).toEqual(['a', 'b', 'c', 'd']);
  const moved = await user.patch(`/api/tasks/${ids.d!.id}`, {
    position: (ids.a!.position + ids.b!.position) / 2,
  });
  expect(moved.status).toBe(200);
  expect(moved.body.version).toBe(ids.d!.version + 1);
  expect(await order()).toEqual(['a', 'd', 'b', 'c']);
  // Not a number: 400 naming the field, nothing moved.
  const bad = await user.patch(`/api/tasks/${ids.c!.id}`, { position: 'first' });
  expect(bad.status).toBe(400);
  expect(bad.body.errors.map((e: { path: string }) => e.path)).toContain('position');
  // A viewer of the project cannot reorder it.
  const viewer = await signedInClient(env.t.app);
  await share(user, project.id, viewer, 'viewer');
  expect((await viewer.patch(`/api/tasks/${ids.c!.id}`, { position: 0 })).status).toBe(403);
  expect(await order()).toEqual(['a', 'd', 'b', 'c']);
});
