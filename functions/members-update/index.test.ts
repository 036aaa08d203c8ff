import { expect, it } from 'vitest';
import { signedInClient } from '../../test/support/client.js';
import { eventsAbout, newProject } from '../../test/support/projects.js';
import { share } from '../../test/support/sharing.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();

it('a role change takes effect on the next request, both ways', async () => {
  const owner = await signedInClient(env.t.app);
  const bob = await signedInClient(env.t.app);
  const project = await newProject(owner);
  const task = (await owner.post('/api/tasks', { title: 'Rehearse', project_id: project.id })).body;
  await share(owner, project.id, bob, 'viewer');
  expect((await bob.patch(`/api/tasks/${task.id}`, { title: 'x' })).status).toBe(403);

  const up = await owner.patch(`/api/projects/${project.id}/members/${bob.user.id}`, {
    role: 'editor',
  });
  expect(up.status).toBe(200);
  expect(up.body).toMatchObject({ user_id: bob.user.id, role: 'editor', status: 'active' });
  expect((await bob.patch(`/api/tasks/${task.id}`, { title: 'Rehearse twice' })).status).toBe(200);
  expect((await bob.get(`/api/projects/${project.id}`)).body.role).toBe('editor');

  expect(
    (await owner.patch(`/api/projects/${project.id}/members/${bob.user.id}`, { role: 'viewer' }))
      .status,
  ).toBe(200);
  expect((await bob.patch(`/api/tasks/${task.id}`, { title: 'x' })).status).toBe(403);
  // The same role again: answered, nothing written.
  expect(
    (await owner.patch(`/api/projects/${project.id}/members/${bob.user.id}`, { role: 'viewer' }))
      .status,
  ).toBe(200);
  const changed = (await eventsAbout(env.db, project.id)).filter(
    (e) => e.type === 'dev.ripple.member.changed',
  );
  expect(changed.map((e) => [e.userid, e.data.role])).toEqual([
    [owner.user.id, 'editor'],
    [owner.user.id, 'viewer'],
  ]);
});

it('only an admin changes roles, the owner stays admin, and bad requests change nothing', async () => {
  const owner = await signedInClient(env.t.app);
  const admin = await signedInClient(env.t.app);
  const editor = await signedInClient(env.t.app);
  const stranger = await signedInClient(env.t.app);
  const project = await newProject(owner);
  await share(owner, project.id, admin, 'admin');
  await share(owner, project.id, editor, 'editor');
  const before = (await owner.get(`/api/projects/${project.id}/members`)).body;
  const path = (userId: string) => `/api/projects/${project.id}/members/${userId}`;

  expect((await editor.patch(path(admin.user.id), { role: 'viewer' })).status).toBe(403);
  expect((await editor.patch(path(editor.user.id), { role: 'admin' })).status).toBe(403);
  expect((await stranger.patch(path(editor.user.id), { role: 'viewer' })).status).toBe(404);
  expect((await admin.patch(path(owner.user.id), { role: 'editor' })).status).toBe(409);
  expect((await owner.patch(path(owner.user.id), { role: 'viewer' })).status).toBe(409);
  expect((await owner.patch(path(stranger.user.id), { role: 'viewer' })).status).toBe(404);
  for (const body of [{ role: 'owner' }, {}, { role: 'viewer', extra: true }])
    expect((await owner.patch(path(editor.user.id), body)).status).toBe(400);
  expect(
    (await owner.patch(`/api/projects/${project.id}/members/nope`, { role: 'viewer' })).status,
  ).toBe(400);
  expect((await owner.get(`/api/projects/${project.id}/members`)).body).toEqual(before);

  // An admin who is not the owner may change others, and an invitation's role too.
  expect((await admin.patch(path(editor.user.id), { role: 'admin' })).body.role).toBe('admin');
  await owner.post(`/api/projects/${project.id}/members`, {
    email: stranger.email,
    role: 'viewer',
  });
  expect((await admin.patch(path(stranger.user.id), { role: 'editor' })).body).toMatchObject({
    role: 'editor',
    status: 'invited',
  });
  expect((await stranger.get('/api/invitations')).body[0].role).toBe('editor');
});
