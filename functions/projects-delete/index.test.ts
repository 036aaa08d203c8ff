import { describe, expect, it } from 'vitest';
import { signedInClient } from '../../test/support/client.js';
import {
  addMemberDirectly,
  eventsAbout,
  newProject,
  type User,
} from '../../test/support/projects.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();

const live = async (user: User) =>
  (await user.get('/api/tasks?status=all')).body.items
    .map((t: { id: string }) => t.id)
    .sort() as string[];
const taskEvents = async (id: string) =>
  (await eventsAbout(env.db, id)).map((e) => e.type.replace('dev.ripple.task.', ''));

describe('DELETE /api/projects/:id and POST /api/projects/:id/restore', () => {
  it('takes the live tasks and subtasks to the trash with the project, and brings back exactly those', async () => {
    const owner = await signedInClient(env.t.app);
    const editor = await signedInClient(env.t.app);
    const project = await newProject(owner, 'Move house');
    // TEST SETUP (members API on another branch): an editor written directly.
    await addMemberDirectly(env.db, project.id, editor, 'editor');
    const add = async (body: Record<string, unknown>) =>
      (await owner.post('/api/tasks', { project_id: project.id, ...body })).body as { id: string };
    const parent = await add({ title: 'Pack' });
    const sub = await add({ title: 'Books', parent_id: parent.id });
    const subGone = await add({ title: 'Plates', parent_id: parent.id });
    const done = await add({ title: 'Book van' });
    await owner.post(`/api/tasks/${done.id}/complete`);
    const gone = await add({ title: 'Deleted before' });
    await owner.delete(`/api/tasks/${gone.id}`);
    await owner.delete(`/api/tasks/${subGone.id}`);
    const kept = (await owner.post('/api/tasks', { title: 'Inbox task' })).body;

    const res = await owner.delete(`/api/projects/${project.id}`);
    expect(res.status).toBe(204);
    expect(await live(owner)).toEqual([kept.id]);
    expect(await live(editor)).toEqual([]);
    for (const id of [parent.id, sub.id, done.id])
      expect((await owner.get(`/api/tasks/${id}`)).status).toBe(404);
    expect((await owner.get(`/api/projects/${project.id}`)).status).toBe(404);
    expect((await owner.get('/api/projects')).body.map((p: { id: string }) => p.id)).not.toContain(
      project.id,
    );
    expect((await owner.get(`/api/tasks?project_id=${project.id}`)).status).toBe(404);
    const rows = await env.db.db
      .selectFrom('tasks')
      .select(['id', 'deleted_with'])
      .where('project_id', '=', project.id)
      .execute();
    expect(new Map(rows.map((r) => [r.id, r.deleted_with]))).toEqual(
      new Map([
        [parent.id, project.id],
        [done.id, project.id],
        [sub.id, parent.id],
        [subGone.id, null],
        [gone.id, null],
      ]),
    );
    expect(await taskEvents(parent.id)).toEqual(['created', 'deleted']);
    expect(await taskEvents(sub.id)).toEqual(['created', 'deleted']);
    expect(await taskEvents(done.id)).toEqual(['created', 'completed', 'deleted']);
    expect(await taskEvents(gone.id)).toEqual(['created', 'deleted']);
    expect((await eventsAbout(env.db, sub.id))[1]).toMatchObject({
      userid: owner.user.id,
      projectid: project.id,
    });
    // Already in the trash: as if it did not exist.
    expect((await owner.delete(`/api/projects/${project.id}`)).status).toBe(404);

    const restored = await owner.post(`/api/projects/${project.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({
      id: project.id,
      deleted_at: null,
      version: 3,
      open_count: 2,
      role: 'admin',
    });
    expect(await live(owner)).toEqual([kept.id, parent.id, sub.id, done.id].sort());
    expect(await live(editor)).toEqual([parent.id, sub.id, done.id].sort());
    for (const id of [subGone.id, gone.id])
      expect((await owner.get(`/api/tasks/${id}`)).status).toBe(404);
    expect(await taskEvents(parent.id)).toEqual(['created', 'deleted', 'restored']);
    expect(await taskEvents(sub.id)).toEqual(['created', 'deleted', 'restored']);
    expect(await taskEvents(gone.id)).toEqual(['created', 'deleted']);
    expect((await owner.get(`/api/tasks/${parent.id}`)).body.subtasks).toEqual({
      done: 0,
      total: 1,
    });
    expect((await eventsAbout(env.db, project.id)).map((e) => e.type)).toEqual(
      ['created', 'deleted', 'restored'].map((n) => `dev.ripple.project.${n}`),
    );
    // Restoring a live project changes nothing.
    expect((await owner.post(`/api/projects/${project.id}/restore`)).body.version).toBe(3);
  });

  it('refuses editors and viewers (403), strangers (404), the Inbox (409), a stale If-Match (412), and changes nothing', async () => {
    const owner = await signedInClient(env.t.app);
    const editor = await signedInClient(env.t.app);
    const viewer = await signedInClient(env.t.app);
    const stranger = await signedInClient(env.t.app);
    const project = await newProject(owner, 'Shared');
    // TEST SETUP (members API on another branch): memberships written directly.
    await addMemberDirectly(env.db, project.id, editor, 'editor');
    await addMemberDirectly(env.db, project.id, viewer, 'viewer');
    const task = (await owner.post('/api/tasks', { title: 'Stays', project_id: project.id })).body;
    expect((await editor.delete(`/api/projects/${project.id}`)).status).toBe(403);
    expect((await viewer.delete(`/api/projects/${project.id}`)).status).toBe(403);
    expect((await stranger.delete(`/api/projects/${project.id}`)).status).toBe(404);
    expect((await owner.delete(`/api/projects/${project.id}`, { 'if-match': '"7"' })).status).toBe(
      412,
    );
    const inbox = (await owner.get('/api/projects')).body.find(
      (p: { is_inbox: boolean }) => p.is_inbox,
    );
    const refused = await owner.delete(`/api/projects/${inbox.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe('The Inbox cannot be deleted');
    expect((await owner.get(`/api/tasks/${task.id}`)).status).toBe(200);
    expect((await owner.get(`/api/projects/${project.id}`)).body.version).toBe(1);
    expect((await eventsAbout(env.db, project.id)).map((e) => e.type)).toEqual([
      'dev.ripple.project.created',
    ]);

    expect((await owner.delete(`/api/projects/${project.id}`, { 'if-match': '"1"' })).status).toBe(
      204,
    );
    expect((await editor.post(`/api/projects/${project.id}/restore`)).status).toBe(403);
    expect((await stranger.post(`/api/projects/${project.id}/restore`)).status).toBe(404);
    expect((await editor.get(`/api/tasks/${task.id}`)).status).toBe(404);
    expect((await owner.post(`/api/projects/${project.id}/restore`)).status).toBe(200);
    expect((await editor.get(`/api/tasks/${task.id}`)).status).toBe(200);
  });
});
