import { expect, it } from 'vitest';
import { signedInClient } from './support/client.js';
import { share } from './support/sharing.js';
import { useTestApp } from './support/test-app.js';

const env = useTestApp();

it('a member demoted to viewer renames their tag without touching the shared tasks that carry it', async () => {
  const alice = await signedInClient(env.t.app);
  const bob = await signedInClient(env.t.app);
  const { body: project } = await alice.post('/api/projects', { name: 'Shared' });
  await share(alice, project.id, bob, 'editor');
  const { body: task } = await alice.post('/api/tasks', {
    title: 'Tagged by Bob',
    project_id: project.id,
  });
  const { body: tagged } = await bob.patch(`/api/tasks/${task.id}`, { tags: ['bobs'] });
  const { body: mine } = await bob.post('/api/tasks', { title: 'Bob’s own', tags: ['bobs'] });
  expect(
    (await alice.patch(`/api/projects/${project.id}/members/${bob.user.id}`, { role: 'viewer' }))
      .status,
  ).toBe(200);

  const tag = tagged.tags[0];
  const renamed = await bob.patch(`/api/tags/${tag.id}`, { name: 'renamed' });
  expect(renamed.status).toBe(200);
  // His own task changes with his tag; the shared one, which he may no longer change, keeps its version.
  expect((await bob.get(`/api/tasks/${mine.id}`)).body.version).toBe(mine.version + 1);
  expect((await alice.get(`/api/tasks/${task.id}`)).body.version).toBe(tagged.version);
  await env.t.settled();
  const byBob = await env.db.db
    .selectFrom('audit_log')
    .select('event_type')
    .where('task_id', '=', task.id)
    .where('user_id', '=', bob.user.id)
    .execute();
  expect(byBob).toEqual([{ event_type: 'updated' }]);
});

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
  const last = carols.at(-1)!;
  expect(last.project_id).toBe(project.id);
  expect(last.data).toMatchObject({
    type: 'updated',
    task: { id: task.id, project_id: moved.project_id },
  });
  // Carol cannot read the task where it went.
  expect((await carol.get(`/api/tasks/${task.id}`)).status).toBe(404);
});
