import { describe, expect, it } from 'vitest';
import { signedInClient } from '../../test/support/client.js';
import { addMemberDirectly, newProject } from '../../test/support/projects.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();

describe('GET /api/projects/:id', () => {
  it('answers a member the project with their role and its version as ETag; a stranger or pending invitee 404', async () => {
    const owner = await signedInClient(env.t.app);
    const viewer = await signedInClient(env.t.app);
    const invitee = await signedInClient(env.t.app);
    const stranger = await signedInClient(env.t.app);
    const project = await newProject(owner, 'Shared');
    // TEST SETUP (members API on another branch): memberships written directly.
    await addMemberDirectly(env.db, project.id, viewer, 'viewer');
    await addMemberDirectly(env.db, project.id, invitee, 'editor', { pending: true });

    const mine = await owner.get(`/api/projects/${project.id}`);
    expect(mine.status).toBe(200);
    expect(mine.headers.get('etag')).toBe('"1"');
    expect(mine.body).toMatchObject({ id: project.id, role: 'admin', member_count: 2 });
    expect((await viewer.get(`/api/projects/${project.id}`)).body).toMatchObject({
      id: project.id,
      role: 'viewer',
      position: 1,
      owner_id: owner.user.id,
    });
    for (const other of [invitee, stranger]) {
      const res = await other.get(`/api/projects/${project.id}`);
      expect(res.status).toBe(404);
      expect(res.body.detail).toBe('Project not found');
    }
    expect((await owner.get('/api/projects/00000000-0000-4000-8000-000000000000')).status).toBe(
      404,
    );
    expect((await owner.get('/api/projects/not-a-uuid')).status).toBe(400);
  });
});
