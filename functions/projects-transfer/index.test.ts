import { describe, expect, it } from 'vitest';
import { signedInClient } from '../../test/support/client.js';
import { addMemberDirectly, eventsAbout, newProject } from '../../test/support/projects.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();

describe('POST /api/projects/:id/owner', () => {
  it('hands the project over to an accepted member, who becomes an admin; the previous owner stays an admin', async () => {
    const owner = await signedInClient(env.t.app);
    const viewer = await signedInClient(env.t.app);
    const project = await newProject(owner, 'Family');
    // TEST SETUP (members API on another branch): a viewer written directly.
    await addMemberDirectly(env.db, project.id, viewer, 'viewer');
    const res = await owner.post(
      `/api/projects/${project.id}/owner`,
      { user_id: viewer.user.id },
      { 'if-match': '"1"' },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"2"');
    expect(res.body).toMatchObject({ owner_id: viewer.user.id, role: 'admin', version: 2 });
    expect((await viewer.get(`/api/projects/${project.id}`)).body).toMatchObject({
      owner_id: viewer.user.id,
      role: 'admin',
    });
    const events = await eventsAbout(env.db, project.id);
    expect(events.at(-1)).toMatchObject({
      type: 'dev.ripple.project.updated',
      userid: owner.user.id,
      data: { owner_id: viewer.user.id },
    });
    // No longer the owner: they may manage, not hand over.
    expect(
      (await owner.patch(`/api/projects/${project.id}`, { name: 'Still mine to rename' })).status,
    ).toBe(200);
    expect(
      (await owner.post(`/api/projects/${project.id}/owner`, { user_id: owner.user.id })).status,
    ).toBe(403);
    expect(
      (await viewer.post(`/api/projects/${project.id}/owner`, { user_id: owner.user.id })).body
        .owner_id,
    ).toBe(owner.user.id);
  });

  it('refuses others than the owner (403, strangers 404), non-members and pending invitees (400), the Inbox (409)', async () => {
    const owner = await signedInClient(env.t.app);
    const admin = await signedInClient(env.t.app);
    const invitee = await signedInClient(env.t.app);
    const stranger = await signedInClient(env.t.app);
    const project = await newProject(owner, 'Club');
    // TEST SETUP (members API on another branch): memberships written directly.
    await addMemberDirectly(env.db, project.id, admin, 'admin');
    await addMemberDirectly(env.db, project.id, invitee, 'viewer', { pending: true });
    expect(
      (await admin.post(`/api/projects/${project.id}/owner`, { user_id: admin.user.id })).status,
    ).toBe(403);
    expect(
      (await stranger.post(`/api/projects/${project.id}/owner`, { user_id: stranger.user.id }))
        .status,
    ).toBe(404);
    for (const target of [invitee, stranger]) {
      const res = await owner.post(`/api/projects/${project.id}/owner`, {
        user_id: target.user.id,
      });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ path: 'user_id', message: expect.any(String) }]);
    }
    expect((await owner.post(`/api/projects/${project.id}/owner`, { user_id: 'me' })).status).toBe(
      400,
    );
    expect(
      (
        await owner.post(
          `/api/projects/${project.id}/owner`,
          { user_id: admin.user.id },
          { 'if-match': '"5"' },
        )
      ).status,
    ).toBe(412);
    const inbox = (await owner.get('/api/projects')).body.find(
      (p: { is_inbox: boolean }) => p.is_inbox,
    );
    expect(
      (await owner.post(`/api/projects/${inbox.id}/owner`, { user_id: owner.user.id })).status,
    ).toBe(409);
    expect((await owner.get(`/api/projects/${project.id}`)).body).toMatchObject({
      owner_id: owner.user.id,
      version: 1,
    });
    const roles = await env.db.db
      .selectFrom('project_members')
      .select(['user_id', 'role'])
      .where('project_id', '=', project.id)
      .execute();
    expect(roles.find((r) => r.user_id === invitee.user.id)?.role).toBe('viewer');
  });
});
