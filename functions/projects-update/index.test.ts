import { describe, expect, it } from 'vitest';
import { signedInClient } from '../../test/support/client.js';
import { addMemberDirectly, eventsAbout, newProject } from '../../test/support/projects.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();

describe('PATCH /api/projects/:id', () => {
  it('lets an admin rename and recolor it, with a new version and project.updated; a no-op changes nothing', async () => {
    const user = await signedInClient(env.t.app);
    const project = await newProject(user, 'Garden');
    env.t.clock.advance(60_000);
    const res = await user.patch(
      `/api/projects/${project.id}`,
      { name: 'Allotment', color: '#AABBCC' },
      { 'if-match': '"1"' },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"2"');
    expect(res.body).toMatchObject({
      name: 'Allotment',
      color: '#aabbcc',
      version: 2,
      updated_at: '2026-03-01T09:01:00.000Z',
    });
    const same = await user.patch(`/api/projects/${project.id}`, { name: 'Allotment' });
    expect(same.body.version).toBe(2);
    const events = await eventsAbout(env.db, project.id);
    expect(events.map((e) => e.type)).toEqual([
      'dev.ripple.project.created',
      'dev.ripple.project.updated',
    ]);
    expect(events[1]).toMatchObject({
      userid: user.user.id,
      projectid: project.id,
      data: { name: 'Allotment', version: 2 },
    });
  });

  it('answers 412 to a stale If-Match, 400 to bad input, and changes nothing', async () => {
    const user = await signedInClient(env.t.app);
    const project = await newProject(user, 'Garden');
    await user.patch(`/api/projects/${project.id}`, { name: 'Two' });
    const stale = await user.patch(
      `/api/projects/${project.id}`,
      { name: 'Three' },
      { 'if-match': '"1"' },
    );
    expect(stale.status).toBe(412);
    for (const body of [
      { name: '' },
      { color: 'blue' },
      { archived: 'yes' },
      { is_inbox: true },
      { owner_id: user.user.id },
    ]) {
      expect(
        (await user.patch(`/api/projects/${project.id}`, body)).status,
        JSON.stringify(body),
      ).toBe(400);
    }
    expect(
      (await user.patch(`/api/projects/${project.id}`, { name: 'x' }, { 'if-match': 'two' }))
        .status,
    ).toBe(400);
    expect((await user.get(`/api/projects/${project.id}`)).body).toMatchObject({
      name: 'Two',
      version: 2,
    });
  });

  it('refuses the project itself to editors and viewers (403), any change to a stranger (404), but lets any member order it', async () => {
    const owner = await signedInClient(env.t.app);
    const editor = await signedInClient(env.t.app);
    const viewer = await signedInClient(env.t.app);
    const stranger = await signedInClient(env.t.app);
    const project = await newProject(owner, 'Shared');
    // TEST SETUP (members API on another branch): memberships written directly.
    await addMemberDirectly(env.db, project.id, editor, 'editor');
    await addMemberDirectly(env.db, project.id, viewer, 'viewer');
    for (const member of [editor, viewer]) {
      for (const body of [
        { name: 'Mine' },
        { color: '#000000' },
        { archived: true },
        { name: 'Mine', position: 3 },
      ]) {
        const res = await member.patch(`/api/projects/${project.id}`, body);
        expect(res.status, JSON.stringify(body)).toBe(403);
        expect(res.headers.get('content-type')).toMatch(/problem\+json/);
      }
    }
    expect((await stranger.patch(`/api/projects/${project.id}`, { position: 0 })).status).toBe(404);
    expect((await viewer.patch(`/api/projects/${project.id}`, { position: 7 })).body).toMatchObject(
      { position: 7, role: 'viewer', version: 1 },
    );
    // Only the viewer's own order changed.
    expect((await owner.get(`/api/projects/${project.id}`)).body.position).toBe(1);
    expect((await owner.get(`/api/projects/${project.id}`)).body).toMatchObject({
      name: 'Shared',
      archived_at: null,
      version: 1,
    });
  });

  it('archives a project out of the default lists (projects and tasks) and back; never the Inbox (409)', async () => {
    const user = await signedInClient(env.t.app);
    const project = await newProject(user, 'Old');
    const task = (await user.post('/api/tasks', { title: 'Old task', project_id: project.id }))
      .body;
    const inboxTask = (await user.post('/api/tasks', { title: 'Inbox task' })).body;
    const ids = async (path: string) =>
      (await user.get(path)).body.items.map((t: { id: string }) => t.id);
    expect((await ids('/api/tasks')).sort()).toEqual([task.id, inboxTask.id].sort());

    const archived = await user.patch(`/api/projects/${project.id}`, { archived: true });
    expect(archived.body).toMatchObject({
      archived_at: env.t.clock.now().toISOString(),
      version: 2,
    });
    expect(await ids('/api/tasks')).toEqual([inboxTask.id]);
    expect(await ids(`/api/tasks?project_id=${project.id}`)).toEqual([task.id]);
    expect((await user.get(`/api/projects/${project.id}`)).status).toBe(200);
    expect((await user.get('/api/projects')).body.map((p: { id: string }) => p.id)).not.toContain(
      project.id,
    );

    expect(
      (await user.patch(`/api/projects/${project.id}`, { archived: false })).body,
    ).toMatchObject({ archived_at: null, version: 3 });
    expect((await ids('/api/tasks')).sort()).toEqual([task.id, inboxTask.id].sort());

    const inbox = (await user.get('/api/projects')).body.find(
      (p: { is_inbox: boolean }) => p.is_inbox,
    );
    const refused = await user.patch(`/api/projects/${inbox.id}`, { archived: true });
    expect(refused.status).toBe(409);
    expect((await user.get(`/api/projects/${inbox.id}`)).body).toMatchObject({
      archived_at: null,
      version: inbox.version,
    });
    expect(
      (await user.patch(`/api/projects/${inbox.id}`, { name: 'Inbox', color: '#123456' })).body,
    ).toMatchObject({ color: '#123456' });
  });
});
