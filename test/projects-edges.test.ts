import { expect, it } from 'vitest';
import { signedInClient } from './support/client.js';
import { share } from './support/sharing.js';
import { useTestApp } from './support/test-app.js';

const env = useTestApp();

it('a task moved out of a shared project reaches the open tabs of the members it leaves', async () => {
  const alice = await signedInClient(env.t.app);
  const carol = await signedInClient(env.t.app);
  const { body: project } = await alice.post('/api/projects', { name: 'Shared' });
  await share(alice, project.id, carol, 'viewer');
  const { body: task } = await alice.post('/api/tasks', {
    title: 'Leaving',
    project_id: project.id,
  });
  const inbox = (await alice.get('/api/projects')).body.find(
    (p: { is_inbox: boolean }) => p.is_inbox,
  ).id;
  const { body: moved } = await alice.patch(`/api/tasks/${task.id}`, { project_id: inbox });
  expect(moved.project_id).toBe(inbox);
  await env.t.settled();
  const carols = await env.db.db
    .selectFrom('user_stream')
    .select(['data', 'project_id'])
    .where('user_id', '=', carol.user.id)
    .orderBy('seq')
    .execute();
  // The task's last entry (her invitation's notification may come after it: the notifier runs beside).
  const last = carols
    .filter((e) => (e.data as { task?: { id: string } }).task?.id === task.id)
    .at(-1)!;
  expect(last.project_id).toBe(project.id);
  expect(last.data).toMatchObject({
    type: 'updated',
    task: { id: task.id, project_id: moved.project_id },
  });
  // Carol cannot read the task where it went.
  expect((await carol.get(`/api/tasks/${task.id}`)).status).toBe(404);
});
