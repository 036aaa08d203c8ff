import { expect, it } from 'vitest';
import { signedInClient } from './support/client.js';
import { useTestApp } from './support/test-app.js';

const env = useTestApp();

it("one user can neither see, change, complete, delete nor restore another's task: each answers 404 like a missing one", async () => {
  const alice = await signedInClient(env.t.app);
  const bob = await signedInClient(env.t.app);
  const { body: task } = await alice.post('/api/tasks', { title: "Alice's secret", tags: ['private'] });
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
  const events = await env.db.db.selectFrom('outbox').select('event_type').where('partition_key', '=', task.id).execute();
  expect(events).toEqual([{ event_type: 'dev.ripple.task.created' }]);
});
