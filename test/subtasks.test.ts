import { describe, expect, it } from 'vitest';
import { signedInClient } from './support/client.js';
import { useTestApp } from './support/test-app.js';

const env = useTestApp();

type Task = {
  id: string;
  status: string;
  parent_id: string | null;
  project_id: string;
  subtasks: { done: number; total: number };
  version: number;
  title: string;
};
const ids = (items: Task[]) => items.map((t) => t.id).sort();

describe('subtasks', () => {
  it('are tasks with a parent: listed under it, their progress on it, each with its own status, due date and priority', async () => {
    const user = await signedInClient(env.t.app);
    const { body: trip } = await user.post('/api/tasks', { title: 'Plan the trip' });
    const subs: Task[] = [];
    for (const [title, extra] of [
      ['Book flights', { priority: 'high' }],
      ['Book hotel', { due_at: '2026-03-05T10:00:00Z' }],
      ['Pack', {}],
    ] as const) {
      const res = await user.post('/api/tasks', { title, parent_id: trip.id, ...extra });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        parent_id: trip.id,
        project_id: trip.project_id,
        subtasks: { done: 0, total: 0 },
      });
      subs.push(res.body);
    }
    expect((await user.get(`/api/tasks/${trip.id}`)).body.subtasks).toEqual({ done: 0, total: 3 });
    expect((await user.post(`/api/tasks/${subs[0]!.id}/complete`)).status).toBe(200);
    expect((await user.get(`/api/tasks/${trip.id}`)).body.subtasks).toEqual({ done: 1, total: 3 });

    const under = (await user.get(`/api/tasks?parent_id=${trip.id}&status=all`)).body
      .items as Task[];
    expect(ids(under)).toEqual(ids(subs));
    const topLevel = (await user.get('/api/tasks?parent_id=none&status=all')).body.items as Task[];
    expect(topLevel.map((t) => t.id)).toEqual([trip.id]);
    expect(topLevel[0]!.subtasks).toEqual({ done: 1, total: 3 });
    // Without the filter, every task is listed, as before subtasks existed.
    expect((await user.get('/api/tasks?status=all')).body.items).toHaveLength(4);
  });

  it('refuses a subtask of a subtask, a repeating subtask, a parent the user cannot see, and a project other than the parent’s', async () => {
    const user = await signedInClient(env.t.app);
    const other = await signedInClient(env.t.app);
    const { body: parent } = await user.post('/api/tasks', { title: 'Parent' });
    const { body: child } = await user.post('/api/tasks', { title: 'Child', parent_id: parent.id });
    const { body: theirs } = await other.post('/api/tasks', { title: 'Not yours' });
    const cases: [Record<string, unknown>, string][] = [
      [{ title: 'Grandchild', parent_id: child.id }, 'parent_id'],
      [
        {
          title: 'Repeats',
          parent_id: parent.id,
          due_at: '2026-03-05T10:00:00Z',
          recurrence: { frequency: 'daily' },
        },
        'recurrence',
      ],
      [{ title: 'Sneaky', parent_id: theirs.id }, 'parent_id'],
      [{ title: 'Elsewhere', parent_id: parent.id, project_id: theirs.project_id }, 'project_id'],
    ];
    for (const [body, path] of cases) {
      const res = await user.post('/api/tasks', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([path]);
    }
    expect((await other.get(`/api/tasks/${theirs.id}`)).body.subtasks).toEqual({
      done: 0,
      total: 0,
    });
    expect((await user.get(`/api/tasks?parent_id=${parent.id}`)).body.items).toHaveLength(1);
    // A subtask stays in its parent's project.
    const moved = await user.patch(`/api/tasks/${child.id}`, { project_id: theirs.project_id });
    expect(moved.status).toBe(400);
  });

  it('go to the trash with their parent and come back with it, except one deleted on its own before', async () => {
    const user = await signedInClient(env.t.app);
    const { body: parent } = await user.post('/api/tasks', { title: 'Renovate' });
    const { body: a } = await user.post('/api/tasks', { title: 'Paint', parent_id: parent.id });
    const { body: b } = await user.post('/api/tasks', { title: 'Sand', parent_id: parent.id });
    const { body: c } = await user.post('/api/tasks', { title: 'Tile', parent_id: parent.id });
    expect((await user.delete(`/api/tasks/${c.id}`)).status).toBe(204);
    expect((await user.delete(`/api/tasks/${parent.id}`)).status).toBe(204);
    expect((await user.get('/api/tasks?status=all')).body.items).toEqual([]);
    expect((await user.get(`/api/tasks/${a.id}`)).status).toBe(404);
    // A subtask cannot come back while its parent is in the trash.
    const early = await user.post(`/api/tasks/${a.id}/restore`);
    expect(early.status).toBe(409);

    const restored = await user.post(`/api/tasks/${parent.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body.subtasks).toEqual({ done: 0, total: 2 });
    expect(ids((await user.get('/api/tasks?status=all')).body.items)).toEqual(ids([parent, a, b]));
    // Each subtask's deletion and restore is an event of its own, like any change.
    await env.t.settled();
    const types = await env.db.db
      .selectFrom('outbox')
      .select(['partition_key', 'event_type'])
      .where('partition_key', 'in', [a.id, b.id, c.id])
      .orderBy('id')
      .execute();
    const of = (id: string) =>
      types
        .filter((t) => t.partition_key === id)
        .map((t) => t.event_type.replace('dev.ripple.task.', ''));
    expect(of(a.id)).toEqual(['created', 'deleted', 'restored']);
    expect(of(b.id)).toEqual(['created', 'deleted', 'restored']);
    expect(of(c.id)).toEqual(['created', 'deleted']);
  });

  it('come back, open again, under the next occurrence of a recurring parent', async () => {
    const user = await signedInClient(env.t.app);
    const { body: weekly } = await user.post('/api/tasks', {
      title: 'Weekly review',
      due_at: '2026-03-02T09:00:00Z',
      recurrence: { frequency: 'weekly' },
    });
    const { body: inbox } = await user.post('/api/tasks', {
      title: 'Empty the inbox',
      parent_id: weekly.id,
      priority: 'high',
      tags: ['review'],
    });
    const { body: plan } = await user.post('/api/tasks', {
      title: 'Plan the week',
      parent_id: weekly.id,
    });
    const { body: dropped } = await user.post('/api/tasks', {
      title: 'Dropped step',
      parent_id: weekly.id,
    });
    await user.post(`/api/tasks/${inbox.id}/complete`);
    await user.delete(`/api/tasks/${dropped.id}`);
    expect((await user.post(`/api/tasks/${weekly.id}/complete`)).status).toBe(200);
    await env.t.settled();

    const top = (await user.get('/api/tasks?parent_id=none')).body.items as Task[];
    expect(top).toHaveLength(1);
    const next = top[0]!;
    expect(next).toMatchObject({
      title: 'Weekly review',
      due_at: '2026-03-09T09:00:00.000Z',
      subtasks: { done: 0, total: 2 },
    });
    const carried = (await user.get(`/api/tasks?parent_id=${next.id}&sort=title&order=asc`)).body
      .items;
    expect(carried.map((t: Task) => [t.title, t.status])).toEqual([
      ['Empty the inbox', 'pending'],
      ['Plan the week', 'pending'],
    ]);
    expect(carried[0]).toMatchObject({
      priority: 'high',
      tags: [{ name: 'review' }],
      project_id: weekly.project_id,
    });
    // The completed occurrence keeps its own subtasks as they were.
    const old = (
      await user.get(`/api/tasks?parent_id=${weekly.id}&status=all&sort=title&order=asc`)
    ).body.items;
    expect(old.map((t: Task) => [t.id, t.status])).toEqual([
      [inbox.id, 'completed'],
      [plan.id, 'pending'],
    ]);
    // The series, its two steps, the next occurrence and its two steps: nothing more.
    expect((await user.get('/api/tasks?status=all')).body.items).toHaveLength(6);
  });
});
