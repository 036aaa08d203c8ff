import { expect, it } from 'vitest';
import { signedInClient } from '../../test/support/client.js';
import { newProject } from '../../test/support/projects.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();

it('lists only the caller’s pending invitations, newest first, with the project’s name and who invited', async () => {
  const alice = await signedInClient(env.t.app);
  const carol = await signedInClient(env.t.app);
  const bob = await signedInClient(env.t.app);
  const first = await newProject(alice, 'First');
  const second = await newProject(carol, 'Second');
  await alice.post(`/api/projects/${first.id}/members`, { email: bob.email, role: 'viewer' });
  env.t.clock.advance(1000);
  await carol.post(`/api/projects/${second.id}/members`, { email: bob.email, role: 'editor' });

  const res = await bob.get('/api/invitations');
  expect(res.status).toBe(200);
  expect(
    res.body.map(
      (m: { project_name: string; invited_by: string; role: string; status: string }) => [
        m.project_name,
        m.invited_by,
        m.role,
        m.status,
      ],
    ),
  ).toEqual([
    ['Second', carol.user.id, 'editor', 'invited'],
    ['First', alice.user.id, 'viewer', 'invited'],
  ]);
  expect((await alice.get('/api/invitations')).body).toEqual([]);
  await bob.post(`/api/invitations/${second.id}/accept`);
  expect(
    (await bob.get('/api/invitations')).body.map((m: { project_id: string }) => m.project_id),
  ).toEqual([first.id]);
  expect((await signedInClient(env.t.app).then((c) => c.get('/api/invitations'))).body).toEqual([]);
  expect((await env.t.app.request('/api/invitations')).status).toBe(401);
});
