import { describe, expect, it } from 'vitest';
import { signedInClient } from '../../test/support/client.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();

type User = Awaited<ReturnType<typeof signedInClient>>;
/** The task's audit entries, oldest first, once every event has reached the audit log. */
const auditOf = async (user: User, id: string) => {
  await env.t.settled();
  return ((await user.get(`/api/audit?task_id=${id}`)).body.items as { event_type: string }[])
    .slice()
    .reverse();
};

describe('POST /api/tasks/:id/complete', () => {
  it('completes a pending task: the task with completed_at now and a new version as ETag, and its completion in the audit log', async () => {
    const user = await signedInClient(env.t.app);
    const { body: task } = await user.post('/api/tasks', {
      title: 'File the taxes',
      tags: ['paper'],
      due_at: '2026-03-02T09:00:00Z',
    });
    env.t.clock.advance(90_000);
    const now = env.t.clock.now().toISOString();
    const res = await user.post(`/api/tasks/${task.id}/complete`, undefined, { 'if-match': '"1"' });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"2"');
    expect(res.body).toEqual({
      ...task,
      status: 'completed',
      completed_at: now,
      updated_at: now,
      version: 2,
    });
    expect((await user.get(`/api/tasks/${task.id}`)).body).toEqual(res.body);
    expect(await auditOf(user, task.id)).toMatchObject([
      { event_type: 'created' },
      { event_type: 'completed', task: res.body, occurred_at: now },
    ]);
  });

  it('completing a completed task again is no change: the same task, the first completion time, no second entry', async () => {
    const user = await signedInClient(env.t.app);
    const { body: task } = await user.post('/api/tasks', { title: 'Once is enough' });
    const first = await user.post(`/api/tasks/${task.id}/complete`);
    env.t.clock.advance(600_000);
    const again = await user.post(`/api/tasks/${task.id}/complete`, undefined, {
      'if-match': '"2"',
    });
    expect(again.status).toBe(200);
    expect(again.headers.get('etag')).toBe('"2"');
    expect(again.body).toEqual(first.body);
    expect((await auditOf(user, task.id)).map((e) => e.event_type)).toEqual([
      'created',
      'completed',
    ]);
  });

  it('answers 404 for a task in the trash, and leaves it there, pending', async () => {
    const user = await signedInClient(env.t.app);
    const { body: task } = await user.post('/api/tasks', { title: 'Thrown away' });
    await user.delete(`/api/tasks/${task.id}`);
    const res = await user.post(`/api/tasks/${task.id}/complete`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.detail).toBe('Task not found');
    expect((await user.get(`/api/tasks/${task.id}`)).status).toBe(404);
    const restored = await user.post(`/api/tasks/${task.id}/restore`);
    expect(restored.body).toMatchObject({ status: 'pending', completed_at: null, version: 3 });
    expect((await auditOf(user, task.id)).map((e) => e.event_type)).toEqual([
      'created',
      'deleted',
      'restored',
    ]);
  });

  it('refuses a malformed id or If-Match with 400 naming it, and completes nothing', async () => {
    const user = await signedInClient(env.t.app);
    const { body: task } = await user.post('/api/tasks', { title: 'Not yet' });
    const badId = await user.post('/api/tasks/not-a-uuid/complete');
    expect(badId.status).toBe(400);
    expect(badId.body.errors.map((e: { path: string }) => e.path)).toEqual(['path.id']);
    for (const bad of ['1', '"one"', '*', '"1", "2"']) {
      const res = await user.post(`/api/tasks/${task.id}/complete`, undefined, { 'if-match': bad });
      expect(res.status, bad).toBe(400);
      expect(res.headers.get('content-type'), bad).toBe('application/problem+json');
    }
    expect((await user.get(`/api/tasks/${task.id}`)).body).toEqual(task);
    expect((await user.get('/api/tasks?status=completed')).body.items).toEqual([]);
    expect((await auditOf(user, task.id)).map((e) => e.event_type)).toEqual(['created']);
  });
});
