import { expect, it } from 'vitest';
import { signedInClient } from '../../test/support/client.js';
import { newProject } from '../../test/support/projects.js';
import { share } from '../../test/support/sharing.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();

it('invites by email: the invitee is notified and sees the invitation, but has no access until they accept', async () => {
  const owner = await signedInClient(env.t.app);
  const bob = await signedInClient(env.t.app);
  const project = await newProject(owner, 'Garden');
  const task = (await owner.post('/api/tasks', { title: 'Dig', project_id: project.id })).body;

  const res = await owner.post(`/api/projects/${project.id}/members`, {
    email: bob.email.toUpperCase(),
    role: 'editor',
  });
  expect(res.status).toBe(201);
  expect(res.body).toEqual({
    project_id: project.id,
    project_name: 'Garden',
    user_id: bob.user.id,
    email: bob.email,
    name: null,
    role: 'editor',
    status: 'invited',
    invited_by: owner.user.id,
    invited_at: expect.any(String),
    accepted_at: null,
  });
  await env.t.settled();
  expect((await bob.get('/api/notifications')).body).toEqual([
    expect.objectContaining({
      kind: 'invitation',
      project_id: project.id,
      actor_id: owner.user.id,
      task_id: null,
      title: 'Garden',
    }),
  ]);
  expect((await bob.get('/api/invitations')).body).toEqual([res.body]);

  // Pending is no access: 404 as for a stranger.
  expect((await bob.get(`/api/tasks/${task.id}`)).status).toBe(404);
  expect((await bob.get(`/api/tasks?project_id=${project.id}`)).status).toBe(404);
  expect((await bob.get(`/api/projects/${project.id}/members`)).status).toBe(404);
  expect((await bob.patch(`/api/tasks/${task.id}`, { title: 'mine' })).status).toBe(404);

  expect(
    (await owner.get(`/api/projects/${project.id}/members`)).body.map(
      (m: { status: string }) => m.status,
    ),
  ).toEqual(['active', 'invited']);
});

it('refuses bad invitations with the right status and changes nothing', async () => {
  const owner = await signedInClient(env.t.app);
  const editor = await signedInClient(env.t.app);
  const viewer = await signedInClient(env.t.app);
  const stranger = await signedInClient(env.t.app);
  const project = await newProject(owner);
  await share(owner, project.id, editor, 'editor');
  await share(owner, project.id, viewer, 'viewer');
  const members = (await owner.get(`/api/projects/${project.id}/members`)).body;
  const path = `/api/projects/${project.id}/members`;

  const unknown = await owner.post(path, { email: 'nobody-here@example.com', role: 'viewer' });
  expect(unknown.status).toBe(400);
  expect(unknown.headers.get('content-type')).toBe('application/problem+json');
  expect(unknown.body.errors.map((e: { path: string }) => e.path)).toEqual(['email']);
  for (const body of [
    { email: stranger.email, role: 'owner' },
    { email: stranger.email },
    { email: 'not-an-email', role: 'viewer' },
    { email: stranger.email, role: 'viewer', x: 1 },
  ]) {
    expect((await owner.post(path, body)).status, JSON.stringify(body)).toBe(400);
  }
  expect((await owner.post(path, { email: editor.email, role: 'viewer' })).status).toBe(409);
  expect((await owner.post(path, { email: owner.email, role: 'viewer' })).status).toBe(409);
  expect((await editor.post(path, { email: stranger.email, role: 'viewer' })).status).toBe(403);
  expect((await viewer.post(path, { email: stranger.email, role: 'viewer' })).status).toBe(403);
  expect((await stranger.post(path, { email: stranger.email, role: 'admin' })).status).toBe(404);
  expect(
    (
      await owner.post('/api/projects/01900000-0000-7000-8000-000000000000/members', {
        email: stranger.email,
        role: 'viewer',
      })
    ).status,
  ).toBe(404);
  expect(
    (await owner.post('/api/projects/nope/members', { email: stranger.email, role: 'viewer' }))
      .status,
  ).toBe(400);
  expect((await owner.get(`/api/projects/${project.id}/members`)).body).toEqual(members);
  expect((await stranger.get('/api/invitations')).body).toEqual([]);

  // An Inbox stays private.
  const inbox = (await owner.post('/api/tasks', { title: 'private' })).body.project_id;
  expect(
    (await owner.post(`/api/projects/${inbox}/members`, { email: stranger.email, role: 'viewer' }))
      .status,
  ).toBe(409);
});

it('lets an admin member (not only the owner) invite', async () => {
  const owner = await signedInClient(env.t.app);
  const admin = await signedInClient(env.t.app);
  const carol = await signedInClient(env.t.app);
  const project = await newProject(owner);
  await share(owner, project.id, admin, 'admin');
  const res = await admin.post(`/api/projects/${project.id}/members`, {
    email: carol.email,
    role: 'viewer',
  });
  expect(res.status).toBe(201);
  expect(res.body.invited_by).toBe(admin.user.id);
});
