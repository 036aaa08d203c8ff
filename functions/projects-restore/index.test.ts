import { describe, expect, it } from 'vitest';
import { client, signedInClient } from '../../test/support/client.js';
import { addMemberDirectly, eventsAbout, newProject } from '../../test/support/projects.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();

describe('POST /api/projects/:id/restore', () => {
  it('brings back the tasks deleted with the project, not one deleted on its own before', async () => {
    const owner = await signedInClient(env.t.app);
    const viewer = await signedInClient(env.t.app);
    const stranger = await signedInClient(env.t.app);
    const project = await newProject(owner, 'Trip');
    // TEST SETUP (members API on another branch): a viewer written directly.
    await addMemberDirectly(env.db, project.id, viewer, 'viewer');
    const taken = (await owner.post('/api/tasks', { title: 'Tickets', project_id: project.id }))
      .body;
    const before = (await owner.post('/api/tasks', { title: 'Old plan', project_id: project.id }))
      .body;
    await owner.delete(`/api/tasks/${before.id}`);
    await owner.delete(`/api/projects/${project.id}`);

    expect((await viewer.post(`/api/projects/${project.id}/restore`)).status).toBe(403);
    expect((await stranger.post(`/api/projects/${project.id}/restore`)).status).toBe(404);
    expect(
      (await owner.post('/api/projects/00000000-0000-4000-8000-000000000000/restore')).status,
    ).toBe(404);
    expect((await owner.get(`/api/tasks/${taken.id}`)).status).toBe(404);

    const res = await owner.post(`/api/projects/${project.id}/restore`);
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"3"');
    expect(res.body).toMatchObject({
      id: project.id,
      deleted_at: null,
      open_count: 1,
      member_count: 2,
    });
    expect((await viewer.get(`/api/tasks/${taken.id}`)).body).toMatchObject({
      id: taken.id,
      project_id: project.id,
    });
    expect((await owner.get(`/api/tasks/${before.id}`)).status).toBe(404);
    expect((await eventsAbout(env.db, taken.id)).map((e) => e.type.split('.').pop())).toEqual([
      'created',
      'deleted',
      'restored',
    ]);
    const restored = (await eventsAbout(env.db, project.id)).at(-1);
    expect(restored).toMatchObject({
      type: 'dev.ripple.project.restored',
      userid: owner.user.id,
      projectid: project.id,
      data: { deleted_at: null, version: 3 },
    });
    // A live project: nothing to do, the same answer.
    expect((await owner.post(`/api/projects/${project.id}/restore`)).body.version).toBe(3);
    // The task deleted before can still be restored on its own.
    expect((await owner.post(`/api/tasks/${before.id}/restore`)).status).toBe(200);
  });

  it('documents every project route in /api/openapi.json with the Project schema', async () => {
    const doc = (await client(env.t.app).get('/api/openapi.json')).body;
    expect(doc.components.schemas.Project.properties).toHaveProperty('open_count');
    const routes = [
      ['/api/projects', 'get'],
      ['/api/projects', 'post'],
      ['/api/projects/{id}', 'get'],
      ['/api/projects/{id}', 'patch'],
      ['/api/projects/{id}', 'delete'],
      ['/api/projects/{id}/restore', 'post'],
      ['/api/projects/{id}/owner', 'post'],
    ];
    for (const [path, method] of routes)
      expect(doc.paths[path!]?.[method!]?.summary, `${method} ${path}`).toEqual(expect.any(String));
  });
});
