import { describe, expect, it } from 'vitest';
import { client, signedInClient } from '../../test/support/client.js';
import { sharedProject } from '../../test/support/sharing.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();

const missing = '01900000-0000-7000-8000-000000000000';

describe('GET /api/tasks/:id', () => {
  it('answers the task as the last change answered it, with its version as ETag', async () => {
    const user = await signedInClient(env.t.app);
    const created = await user.post('/api/tasks', {
      title: 'Read me',
      description: 'Twice',
      priority: 'urgent',
      tags: ['desk'],
      due_at: '2026-03-04T09:00:00+01:00',
      remind_at: '2026-03-04T07:45:00Z',
      recurrence: { frequency: 'weekly', weekdays: ['we'] },
    });
    const read = await user.get(`/api/tasks/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.headers.get('content-type')).toMatch(/^application\/json/);
    expect(read.headers.get('etag')).toBe('"1"');
    expect(read.body).toEqual(created.body);

    env.t.clock.advance(60_000);
    const done = await user.post(`/api/tasks/${created.body.id}/complete`);
    const again = await user.get(`/api/tasks/${created.body.id}`);
    expect(again.headers.get('etag')).toBe('"2"');
    expect(again.body).toEqual(done.body);
    expect(again.body).toMatchObject({
      status: 'completed',
      completed_at: env.t.clock.now().toISOString(),
    });
  });

  it('reads a task of an archived project, and one a member of a shared project made', async () => {
    const { owner, member: editor, project } = await sharedProject(env.t.app, 'Old plans');
    const { body: task } = await editor.post('/api/tasks', {
      title: 'Made by the editor',
      project_id: project.id,
    });
    expect((await owner.get(`/api/tasks/${task.id}`)).body).toEqual(task);

    expect((await owner.patch(`/api/projects/${project.id}`, { archived: true })).status).toBe(200);
    for (const member of [owner, editor]) {
      const res = await member.get(`/api/tasks/${task.id}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(task);
    }
  });

  it('answers 404 problem+json for a task in the trash or of another user, exactly as for one that never was', async () => {
    const user = await signedInClient(env.t.app);
    const other = await signedInClient(env.t.app);
    const { body: trashed } = await user.post('/api/tasks', { title: 'Binned' });
    expect((await user.delete(`/api/tasks/${trashed.id}`)).status).toBe(204);
    const { body: theirs } = await other.post('/api/tasks', { title: 'Not yours' });

    const absent = await user.get(`/api/tasks/${missing}`);
    expect(absent.status).toBe(404);
    expect(absent.headers.get('content-type')).toBe('application/problem+json');
    expect(absent.headers.get('etag')).toBeNull();
    expect(absent.body).toMatchObject({
      status: 404,
      title: 'Not Found',
      detail: 'Task not found',
    });
    for (const id of [trashed.id, theirs.id]) {
      const res = await user.get(`/api/tasks/${id}`);
      expect(res.status, id).toBe(404);
      expect(res.body, id).toEqual(absent.body);
    }
  });

  it('answers 400 naming the id for one that is no UUID, and 401 without a valid token', async () => {
    const user = await signedInClient(env.t.app);
    const { body: task } = await user.post('/api/tasks', { title: 'Guarded' });
    for (const id of ['not-a-uuid', '123', `${task.id}x`]) {
      const res = await user.get(`/api/tasks/${id}`);
      expect(res.status, id).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['path.id']);
    }
    expect((await client(env.t.app).get(`/api/tasks/${task.id}`)).status).toBe(401);
    const forged = await client(env.t.app, `${user.token}x`).get(`/api/tasks/${task.id}`);
    expect(forged.status).toBe(401);
    expect(forged.body).not.toHaveProperty('title', task.title);
  });
});
