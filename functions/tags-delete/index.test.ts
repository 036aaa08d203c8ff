import { describe, expect, it } from 'vitest';
import { signedInClient } from '../../test/support/client.js';
import type { User } from '../../test/support/projects.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();

const auditTypes = async (user: User, id: string) => {
  await env.t.settled();
  return (await user.get(`/api/audit?task_id=${id}`)).body.items.map(
    (e: { event_type: string }) => e.event_type,
  );
};
const tagNames = (task: { tags: { name: string }[] }) => task.tags.map((t) => t.name);

describe('DELETE /api/tags/:id', () => {
  it('answers 204 and takes the tag off every live task once, each with a new version and an updated entry', async () => {
    const user = await signedInClient(env.t.app);
    const { body: a } = await user.post('/api/tasks', { title: 'a', tags: ['drop', 'keep'] });
    const { body: b } = await user.post('/api/tasks', { title: 'b', tags: ['drop'] });
    await user.post(`/api/tasks/${b.id}/complete`);
    const { body: other } = await user.post('/api/tasks', { title: 'other', tags: ['keep'] });
    const drop = a.tags.find((t: { name: string }) => t.name === 'drop');

    const res = await user.delete(`/api/tags/${drop.id}`);
    expect(res.status).toBe(204);
    expect(res.body).toBe('');
    const [afterA, afterB, afterOther] = await Promise.all(
      [a, b, other].map(async (t) => (await user.get(`/api/tasks/${t.id}`)).body),
    );
    expect(afterA).toMatchObject({ version: 2, status: 'pending' });
    expect(tagNames(afterA)).toEqual(['keep']);
    expect(afterB).toMatchObject({ version: 3, status: 'completed', tags: [] });
    expect(afterOther).toEqual(other);
    expect(await auditTypes(user, a.id)).toEqual(['updated', 'created']);
    expect(await auditTypes(user, b.id)).toEqual(['updated', 'completed', 'created']);
    expect(await auditTypes(user, other.id)).toEqual(['created']);
    expect((await user.get('/api/tags')).body).toEqual([
      expect.objectContaining({ name: 'keep', task_count: 2 }),
    ]);
  });

  it('frees the name: a tag made again under it is a new one, not on the old tasks', async () => {
    const user = await signedInClient(env.t.app);
    const { body: task } = await user.post('/api/tasks', { title: 'Once tagged', tags: ['Soon'] });
    const old = task.tags[0];
    expect((await user.delete(`/api/tags/${old.id}`)).status).toBe(204);
    const again = await user.post('/api/tags', { name: 'soon' });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ name: 'soon', task_count: 0 });
    expect(again.body.id).not.toBe(old.id);
    expect((await user.get(`/api/tasks/${task.id}`)).body.tags).toEqual([]);
    expect((await user.get('/api/tasks?tags=soon')).body.items).toEqual([]);
    // The old id stays gone.
    expect((await user.patch(`/api/tags/${old.id}`, { name: 'back' })).status).toBe(404);
  });

  it('answers 400 for a malformed id and 404 problem+json for an unknown one, deleting nothing', async () => {
    const user = await signedInClient(env.t.app);
    const { body: task } = await user.post('/api/tasks', { title: 'Safe', tags: ['stay'] });
    const bad = await user.delete('/api/tags/not-a-uuid');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toBe('application/problem+json');
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['path.id']);
    // A task's id is no tag's.
    for (const id of ['01900000-0000-7000-8000-000000000000', task.id]) {
      const res = await user.delete(`/api/tags/${id}`);
      expect(res.status, id).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.body.detail).toBe('Tag not found');
    }
    expect((await user.get('/api/tags')).body).toEqual([{ ...task.tags[0], task_count: 1 }]);
    expect((await user.get(`/api/tasks/${task.id}`)).body).toEqual(task);
    expect(await auditTypes(user, task.id)).toEqual(['created']);
  });
});
