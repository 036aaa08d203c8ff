import { describe, expect, it } from 'vitest';
import { signedInClient } from '../../test/support/client.js';
import type { User } from '../../test/support/projects.js';
import { sharedProject } from '../../test/support/sharing.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();

/** A user with a tag on one live task and one task in the trash. */
async function tagged() {
  const user = await signedInClient(env.t.app);
  const { body: task } = await user.post('/api/tasks', { title: 'Tagged', tags: ['work'] });
  const { body: binned } = await user.post('/api/tasks', { title: 'Binned', tags: ['work'] });
  await user.delete(`/api/tasks/${binned.id}`);
  const [tag] = (await user.get('/api/tags')).body;
  return { user, task, binned, tag: tag as { id: string; name: string; color: string } };
}
const auditTypes = async (user: User, id: string) => {
  await env.t.settled();
  return (await user.get(`/api/audit?task_id=${id}`)).body.items.map(
    (e: { event_type: string }) => e.event_type,
  );
};

describe('PATCH /api/tags/:id', () => {
  it('renames a tag to another case of its own name: 200, and its live task shows the new name', async () => {
    const { user, task, tag } = await tagged();
    const res = await user.patch(`/api/tags/${tag.id}`, { name: ' WORK ' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: tag.id, name: 'WORK', color: tag.color, task_count: 1 });
    expect((await user.get('/api/tags')).body).toEqual([res.body]);
    const after = (await user.get(`/api/tasks/${task.id}`)).body;
    expect(after.tags).toEqual([{ id: tag.id, name: 'WORK', color: tag.color }]);
    expect(after.version).toBe(task.version + 1);
  });

  it('renames a tag on a task its owner now only views: the task changes for every member and says so, and the count is the list’s', async () => {
    const { owner, member, project } = await sharedProject(env.t.app, 'Shop');
    const { body: task } = await member.post('/api/tasks', {
      title: 'Shelves',
      project_id: project.id,
      tags: ['diy'],
    });
    const demoted = await owner.patch(`/api/projects/${project.id}/members/${member.user.id}`, {
      role: 'viewer',
    });
    expect(demoted.status).toBe(200);
    const [tag] = (await member.get('/api/tags')).body;

    const res = await member.patch(`/api/tags/${tag.id}`, { name: 'woodwork' });
    expect(res.status).toBe(200);
    expect(res.body.task_count).toBe(1);
    expect((await member.get('/api/tags')).body).toEqual([res.body]);
    const seen = await owner.get(`/api/tasks/${task.id}`);
    expect(seen.body.tags.map((t: { name: string }) => t.name)).toEqual(['woodwork']);
    expect(seen.body.version).toBe(task.version + 1);
    expect(seen.headers.get('etag')).toBe(`"${task.version + 1}"`);
    expect(await auditTypes(owner, task.id)).toEqual(['updated', 'created']);
  });

  it('refuses bad input with 400 naming the field (415 for a body not JSON), an unknown id with 404, and changes nothing', async () => {
    const { user, task, tag } = await tagged();
    const invalid: [unknown, string][] = [
      [{ name: '' }, 'name'],
      [{ name: '   ' }, 'name'],
      [{ name: 'n'.repeat(51) }, 'name'],
      [{ name: null }, 'name'],
      [{ color: 'green' }, 'color'],
      [{ color: '#12345g' }, 'color'],
      [{ task_count: 0 }, 'task_count'],
    ];
    for (const [body, path] of invalid) {
      const res = await user.patch(`/api/tags/${tag.id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([path]);
    }
    expect((await user.patch(`/api/tags/${tag.id}`, '[]')).status).toBe(400);
    const text = await user.patch(`/api/tags/${tag.id}`, 'name=x', {
      'content-type': 'text/plain',
    });
    expect(text.status).toBe(415);
    const badId = await user.patch('/api/tags/not-a-uuid', { name: 'x' });
    expect(badId.status).toBe(400);
    expect(badId.body.errors.map((e: { path: string }) => e.path)).toEqual(['path.id']);
    const unknown = await user.patch('/api/tags/01900000-0000-7000-8000-000000000000', {
      name: 'x',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toBe('Tag not found');

    expect((await user.get('/api/tags')).body).toEqual([{ ...tag, task_count: 1 }]);
    expect((await user.get(`/api/tasks/${task.id}`)).body).toEqual(task);
    expect(await auditTypes(user, task.id)).toEqual(['created']);
  });
});
