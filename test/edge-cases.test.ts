import { expect, it } from 'vitest';
import { signedInClient } from './support/client.js';
import { useTestApp } from './support/test-app.js';

const env = useTestApp();

it('clears tags with [] or null, and a tag deleted while its task is in the trash is gone after restore', async () => {
  const user = await signedInClient(env.t.app);
  const { body: task } = await user.post('/api/tasks', { title: 'Tagged', tags: ['one', 'two'] });
  expect((await user.patch(`/api/tasks/${task.id}`, { tags: [] })).body.tags).toEqual([]);
  await user.patch(`/api/tasks/${task.id}`, { tags: ['one'] });
  await user.delete(`/api/tasks/${task.id}`);
  const one = (await user.get('/api/tags')).body.find((t: { name: string }) => t.name === 'one');
  expect(one.task_count).toBe(0);
  expect((await user.delete(`/api/tags/${one.id}`)).status).toBe(204);
  expect((await user.post(`/api/tasks/${task.id}/restore`)).body.tags).toEqual([]);
});

it('treats overdue as pending tasks due before now, so completed or undated tasks are never overdue', async () => {
  const user = await signedInClient(env.t.app);
  const past = new Date(env.t.clock.now().getTime() - 3600_000).toISOString();
  const future = new Date(env.t.clock.now().getTime() + 3600_000).toISOString();
  await user.post('/api/tasks', { title: 'late', due_at: past });
  const { body: done } = await user.post('/api/tasks', { title: 'late but done', due_at: past });
  await user.post(`/api/tasks/${done.id}/complete`);
  await user.post('/api/tasks', { title: 'not yet', due_at: future });
  await user.post('/api/tasks', { title: 'whenever' });
  const titles = async (query: string) =>
    (await user.get(`/api/tasks?${query}`)).body.items.map((t: { title: string }) => t.title);
  expect(await titles('overdue=true')).toEqual(['late']);
  expect(await titles('overdue=true&status=all')).toEqual(['late']);
  expect(await titles('overdue=false')).toHaveLength(3);
});
