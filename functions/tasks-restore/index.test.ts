import { describe, expect, it } from 'vitest';
import { auditTrail } from '../../test/support/audit.js';
import { signedInClient } from '../../test/support/client.js';
import type { User } from '../../test/support/projects.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();

const auditOf = (user: User, id: string) => auditTrail(env.t, user, id);
const ids = (page: { items: { id: string }[] }) => page.items.map((t) => t.id);

describe('POST /api/tasks/:id/restore', () => {
  it('brings a deleted task back as it was, completed and tagged, with a new version as ETag, and audits it', async () => {
    const user = await signedInClient(env.t.app);
    const { body: task } = await user.post('/api/tasks', {
      title: 'Receipts',
      tags: ['paper', 'tax'],
      due_at: '2026-04-01T12:00:00Z',
      remind_at: '2026-04-01T08:00:00Z',
    });
    const { body: done } = await user.post(`/api/tasks/${task.id}/complete`);
    await user.delete(`/api/tasks/${task.id}`);
    env.t.clock.advance(45_000);
    const now = env.t.clock.now().toISOString();

    const res = await user.post(`/api/tasks/${task.id}/restore`, undefined, { 'if-match': '"3"' });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"4"');
    expect(res.body).toEqual({ ...done, version: 4, updated_at: now });
    expect((await user.get(`/api/tasks/${task.id}`)).body).toEqual(res.body);
    expect(ids((await user.get('/api/tasks?status=completed')).body)).toEqual([task.id]);
    expect(
      (await user.get('/api/tags')).body.map((t: { task_count: number }) => t.task_count),
    ).toEqual([1, 1]);
    expect((await auditOf(user, task.id)).at(-1)).toMatchObject({
      event_type: 'restored',
      task: res.body,
      occurred_at: now,
    });
  });

  it('restoring a task that is not in the trash is no change: the task as it is, its version, no event', async () => {
    const user = await signedInClient(env.t.app);
    const { body: task } = await user.post('/api/tasks', { title: 'Never deleted' });
    const { body: edited } = await user.patch(`/api/tasks/${task.id}`, { priority: 'high' });
    env.t.clock.advance(60_000);
    for (let i = 0; i < 2; i++) {
      const res = await user.post(`/api/tasks/${task.id}/restore`);
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toBe('"2"');
      expect(res.body).toEqual(edited);
    }
    expect((await auditOf(user, task.id)).map((e) => e.event_type)).toEqual(['created', 'updated']);
  });

  it('refuses a stale If-Match with 412 and leaves the task in the trash', async () => {
    const user = await signedInClient(env.t.app);
    const { body: task } = await user.post('/api/tasks', { title: 'Still binned' });
    await user.delete(`/api/tasks/${task.id}`);
    const stale = await user.post(`/api/tasks/${task.id}/restore`, undefined, {
      'if-match': '"1"',
    });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toBe('application/problem+json');
    expect(stale.body.detail).toBe('The task is at version 2, not 1');
    expect((await user.get(`/api/tasks/${task.id}`)).status).toBe(404);
    expect(ids((await user.get('/api/tasks?status=all')).body)).toEqual([]);
    expect((await auditOf(user, task.id)).map((e) => e.event_type)).toEqual(['created', 'deleted']);
  });

  it('answers 400 for a malformed id and 404 for one that names no task', async () => {
    const user = await signedInClient(env.t.app);
    const bad = await user.post('/api/tasks/not-a-uuid/restore');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['path.id']);
    const none = await user.post('/api/tasks/01900000-0000-7000-8000-000000000000/restore');
    expect(none.status).toBe(404);
    expect(none.body).toMatchObject({ status: 404, detail: 'Task not found' });
  });
});
