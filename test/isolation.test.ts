import { expect, it } from 'vitest';
import { signedInClient } from './support/client.js';
import { share } from './support/sharing.js';
import { useTestApp } from './support/test-app.js';

const env = useTestApp();

it("one user can neither see, change, complete, delete nor restore another's task: each answers 404 like a missing one", async () => {
  const alice = await signedInClient(env.t.app);
  const bob = await signedInClient(env.t.app);
  const { body: task } = await alice.post('/api/tasks', {
    title: "Alice's secret",
    tags: ['private'],
  });
  const { body: trashed } = await alice.post('/api/tasks', { title: 'In the trash' });
  await alice.delete(`/api/tasks/${trashed.id}`);
  const missing = '01900000-0000-7000-8000-000000000000';

  const attempts = (id: string) => [
    bob.get(`/api/tasks/${id}`),
    bob.patch(`/api/tasks/${id}`, { title: 'Mine now' }),
    bob.patch(`/api/tasks/${id}`, { title: 'Mine now' }, { 'if-match': '"1"' }),
    bob.post(`/api/tasks/${id}/complete`),
    bob.post(`/api/tasks/${id}/reopen`),
    bob.delete(`/api/tasks/${id}`),
    bob.post(`/api/tasks/${id}/restore`),
  ];
  const foreign = await Promise.all([...attempts(task.id), ...attempts(trashed.id)]);
  const absent = await Promise.all(attempts(missing));
  for (const res of foreign) {
    expect(res.status).toBe(404);
    expect(res.body).toEqual(absent[0]!.body);
  }

  expect((await bob.get('/api/tasks?status=all')).body.items).toEqual([]);
  expect((await alice.get(`/api/tasks/${task.id}`)).body).toEqual(task);
  expect((await alice.post(`/api/tasks/${trashed.id}/restore`)).status).toBe(200);
  // Bob's tag of the same name is his own tag, not Alice's.
  const { body: bobs } = await bob.post('/api/tasks', { title: 'Also private', tags: ['private'] });
  expect(bobs.tags[0].id).not.toBe(task.tags[0].id);
  const events = await env.db.db
    .selectFrom('outbox')
    .select('event_type')
    .where('partition_key', '=', task.id)
    .execute();
  expect(events).toEqual([{ event_type: 'dev.ripple.task.created' }]);
});

it('with a shared project, each of four accounts gets exactly what its role gives: admin, editor, viewer, stranger', async () => {
  const [alice, bob, carol, dave] = [
    await signedInClient(env.t.app),
    await signedInClient(env.t.app),
    await signedInClient(env.t.app),
    await signedInClient(env.t.app),
  ];
  const { body: project } = await alice.post('/api/projects', { name: 'Shared' });
  await share(alice, project.id, bob, 'editor');
  await share(alice, project.id, carol, 'viewer');
  const { body: task } = await alice.post('/api/tasks', {
    title: 'Shared task',
    project_id: project.id,
    tags: ['alice-tag'],
  });
  const { body: sub } = await bob.post('/api/tasks', {
    title: 'Bob’s step',
    parent_id: task.id,
    tags: ['bob-tag'],
  });
  const { body: privateTask } = await alice.post('/api/tasks', { title: 'Alice alone' });

  const writes = (c: typeof alice, id: string) => [
    c.patch(`/api/tasks/${id}`, { title: 'Changed' }),
    c.post(`/api/tasks/${id}/complete`),
    c.post(`/api/tasks/${id}/reopen`),
    c.delete(`/api/tasks/${id}`),
    c.post(`/api/tasks/${id}/restore`),
    c.post('/api/tasks', { title: 'New here', project_id: project.id }),
    c.post('/api/tasks', { title: 'New step', parent_id: id }),
  ];
  // The viewer reads everything of the project and changes nothing: 403 each time, nothing written.
  expect((await carol.get(`/api/tasks/${task.id}`)).body).toMatchObject({
    id: task.id,
    subtasks: { done: 0, total: 1 },
  });
  expect(
    (await carol.get(`/api/tasks?project_id=${project.id}`)).body.items
      .map((t: { id: string }) => t.id)
      .sort(),
  ).toEqual([task.id, sub.id].sort());
  for (const res of await Promise.all(writes(carol, task.id))) expect(res.status).toBe(403);
  // The stranger learns nothing: 404 for the task, the project, its list and its activity, as for nothing at all.
  const strangerAnswers = await Promise.all([
    dave.get(`/api/tasks/${task.id}`),
    dave.get(`/api/tasks?project_id=${project.id}`),
    dave.get(`/api/projects/${project.id}`),
    dave.get(`/api/projects/${project.id}/members`),
    dave.get(`/api/audit?project_id=${project.id}`),
    ...writes(dave, task.id).slice(0, 5),
  ]);
  for (const res of strangerAnswers) expect(res.status).toBe(404);
  expect((await dave.get('/api/tasks?status=all')).body.items).toEqual([]);
  // Nobody but Alice sees her Inbox.
  for (const other of [bob, carol, dave])
    expect((await other.get(`/api/tasks/${privateTask.id}`)).status).toBe(404);
  // Both tags show on the shared tasks; each account's tag list is its own.
  expect(
    (await carol.get(`/api/tasks/${sub.id}`)).body.tags.map((g: { name: string }) => g.name),
  ).toEqual(['bob-tag']);
  expect(
    (await carol.get('/api/tasks?tags=alice-tag')).body.items.map((t: { id: string }) => t.id),
  ).toEqual([task.id]);
  expect((await carol.get('/api/tags')).body).toEqual([]);

  // The editor changes; the activity says who, and every member reads it.
  expect((await bob.patch(`/api/tasks/${task.id}`, { title: 'Bob renamed it' })).status).toBe(200);
  await env.t.settled();
  const activity = (await carol.get(`/api/audit?project_id=${project.id}`)).body.items;
  expect(activity[0]).toMatchObject({
    event_type: 'updated',
    task_id: task.id,
    actor: { id: bob.user.id, email: bob.email },
  });
  expect(
    (await alice.get('/api/audit')).body.items.some(
      (e: { task_id: string }) => e.task_id === privateTask.id,
    ),
  ).toBe(true);
  expect(
    (await bob.get('/api/audit')).body.items.some(
      (e: { task_id: string }) => e.task_id === privateTask.id,
    ),
  ).toBe(false);

  // Removed, the editor loses it all at the next request.
  expect((await alice.delete(`/api/projects/${project.id}/members/${bob.user.id}`)).status).toBe(
    204,
  );
  for (const res of [
    await bob.get(`/api/tasks/${task.id}`),
    ...(await Promise.all(writes(bob, task.id).slice(0, 5))),
  ])
    expect(res.status).toBe(404);
  expect((await bob.get('/api/tasks?status=all')).body.items).toEqual([]);
});
