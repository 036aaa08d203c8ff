import { expect, it } from 'vitest';
import { signedInClient } from '../../test/support/client.js';
import { eventsAbout, newProject } from '../../test/support/projects.js';
import { share } from '../../test/support/sharing.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();

it('accepting joins the project at once: an editor sees and changes its tasks, a viewer sees them and gets 403 on writes', async () => {
  const owner = await signedInClient(env.t.app);
  const editor = await signedInClient(env.t.app);
  const viewer = await signedInClient(env.t.app);
  await newProject(editor, 'Editor’s own'); // the shared one goes after it in the editor's order
  const project = await newProject(owner, 'Garden');
  const task = (await owner.post('/api/tasks', { title: 'Dig', project_id: project.id })).body;

  await owner.post(`/api/projects/${project.id}/members`, { email: editor.email, role: 'editor' });
  const accepted = await editor.post(`/api/invitations/${project.id}/accept`);
  expect(accepted.status).toBe(200);
  expect(accepted.body).toMatchObject({
    id: project.id,
    name: 'Garden',
    role: 'editor',
    position: 2,
    open_count: 1,
    member_count: 2,
  });
  expect((await editor.get('/api/invitations')).body).toEqual([]);
  expect((await editor.post(`/api/invitations/${project.id}/accept`)).status).toBe(404);

  expect((await editor.get(`/api/tasks/${task.id}`)).body).toEqual(task);
  expect(
    (await editor.get(`/api/tasks?project_id=${project.id}`)).body.items.map(
      (t: { id: string }) => t.id,
    ),
  ).toEqual([task.id]);
  const changed = await editor.patch(`/api/tasks/${task.id}`, {
    title: 'Dig deeper',
    assignee_id: editor.user.id,
  });
  expect(changed.status).toBe(200);
  expect(changed.body.assignee_id).toBe(editor.user.id);
  expect((await editor.post('/api/tasks', { title: 'Water', project_id: project.id })).status).toBe(
    201,
  );

  await share(owner, project.id, viewer, 'viewer');
  expect((await viewer.get(`/api/tasks/${task.id}`)).body.title).toBe('Dig deeper');
  for (const res of [
    await viewer.patch(`/api/tasks/${task.id}`, { title: 'no' }),
    await viewer.post(`/api/tasks/${task.id}/complete`),
    await viewer.delete(`/api/tasks/${task.id}`),
    await viewer.post('/api/tasks', { title: 'no', project_id: project.id }),
    await viewer.post('/api/tasks', { title: 'no', parent_id: task.id }),
  ]) {
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  }
  expect((await owner.get(`/api/tasks/${task.id}`)).body).toEqual(
    (await editor.get(`/api/tasks/${task.id}`)).body,
  );
  expect((await owner.get(`/api/projects/${project.id}`)).body.member_count).toBe(3);

  const joined = (await eventsAbout(env.db, project.id)).filter(
    (e) => e.type === 'dev.ripple.member.joined',
  );
  expect(joined.map((e) => [e.userid, e.projectid, e.data.user_id, e.data.status])).toEqual([
    [editor.user.id, project.id, editor.user.id, 'active'],
    [viewer.user.id, project.id, viewer.user.id, 'active'],
  ]);
});

it('declining removes the invitation and gives no access; an answer to no invitation is 404', async () => {
  const owner = await signedInClient(env.t.app);
  const bob = await signedInClient(env.t.app);
  const project = await newProject(owner);
  await owner.post(`/api/projects/${project.id}/members`, { email: bob.email, role: 'admin' });
  const declined = await bob.post(`/api/invitations/${project.id}/decline`);
  expect(declined.status).toBe(204);
  expect((await bob.get('/api/invitations')).body).toEqual([]);
  expect(
    (await owner.get(`/api/projects/${project.id}/members`)).body.map(
      (m: { user_id: string }) => m.user_id,
    ),
  ).toEqual([owner.user.id]);
  expect((await bob.post(`/api/invitations/${project.id}/accept`)).status).toBe(404);
  expect((await bob.post(`/api/invitations/${project.id}/decline`)).status).toBe(404);
  expect((await bob.get(`/api/projects/${project.id}`)).status).toBe(404);
  const memberEvents = (await eventsAbout(env.db, project.id)).filter((e) =>
    e.type.startsWith('dev.ripple.member.'),
  );
  expect(memberEvents.map((e) => [e.type, e.userid, e.data.status])).toEqual([
    ['dev.ripple.member.invited', owner.user.id, 'invited'],
    ['dev.ripple.member.declined', bob.user.id, 'invited'],
  ]);

  // A member's own project, another's project, a malformed id.
  expect((await owner.post(`/api/invitations/${project.id}/accept`)).status).toBe(404);
  expect(
    (await bob.post('/api/invitations/01900000-0000-7000-8000-000000000000/accept')).status,
  ).toBe(404);
  expect((await bob.post('/api/invitations/xyz/decline')).status).toBe(400);

  // Invited again after declining: fine.
  expect(
    (await owner.post(`/api/projects/${project.id}/members`, { email: bob.email, role: 'viewer' }))
      .status,
  ).toBe(201);
});

it('an invitation to a project deleted in the meantime cannot be accepted', async () => {
  const owner = await signedInClient(env.t.app);
  const bob = await signedInClient(env.t.app);
  const project = await newProject(owner);
  await owner.post(`/api/projects/${project.id}/members`, { email: bob.email, role: 'editor' });
  expect((await owner.delete(`/api/projects/${project.id}`)).status).toBe(204);
  expect((await bob.get('/api/invitations')).body).toEqual([]);
  expect((await bob.post(`/api/invitations/${project.id}/accept`)).status).toBe(404);
});
