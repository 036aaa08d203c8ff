import { expect, it } from 'vitest';
import { signedInClient } from '../../test/support/client.js';
import { newProject } from '../../test/support/projects.js';
import { share } from '../../test/support/sharing.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();

it('shows any member the members (accepted first) and pending invitations; 404 to anyone else', async () => {
  const owner = await signedInClient(env.t.app);
  const viewer = await signedInClient(env.t.app);
  const invitee = await signedInClient(env.t.app);
  const stranger = await signedInClient(env.t.app);
  const project = await newProject(owner, 'Band');
  env.t.clock.advance(1000);
  await owner.post(`/api/projects/${project.id}/members`, { email: invitee.email, role: 'editor' });
  env.t.clock.advance(1000);
  await share(owner, project.id, viewer, 'viewer');

  const res = await viewer.get(`/api/projects/${project.id}/members`);
  expect(res.status).toBe(200);
  expect(
    res.body.map((m: { user_id: string; role: string; status: string }) => [
      m.user_id,
      m.role,
      m.status,
    ]),
  ).toEqual([
    [owner.user.id, 'admin', 'active'],
    [viewer.user.id, 'viewer', 'active'],
    [invitee.user.id, 'editor', 'invited'],
  ]);
  expect(res.body[0]).toMatchObject({
    project_name: 'Band',
    email: owner.email,
    invited_by: null,
    accepted_at: expect.any(String),
  });
  expect((await owner.get(`/api/projects/${project.id}/members`)).body).toEqual(res.body);

  expect((await stranger.get(`/api/projects/${project.id}/members`)).status).toBe(404);
  expect((await invitee.get(`/api/projects/${project.id}/members`)).status).toBe(404);
  expect(
    (await owner.get('/api/projects/01900000-0000-7000-8000-000000000000/members')).status,
  ).toBe(404);
  expect((await owner.get('/api/projects/1/members')).status).toBe(400);
});
