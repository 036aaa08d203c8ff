import { auditTrail } from '../../test/support/audit.js';
import { describe, expect, it } from 'vitest';
import { signedInClient } from '../../test/support/client.js';
import { consistencyProblems } from '../../test/support/consistency.js';
import { binaryEvent } from '../../test/support/events.js';
import { createTestApp, useTestApp } from '../../test/support/test-app.js';
import { registry } from '../registry.js';

const env = useTestApp();

type User = Awaited<ReturnType<typeof signedInClient>>;
const weekly = {
  title: 'Water the plants',
  due_at: '2026-03-02T09:00:00Z',
  remind_at: '2026-03-02T08:30:00Z',
  recurrence: { frequency: 'weekly' },
  tags: ['home'],
};
const openTasks = async (user: User) =>
  (await user.get('/api/tasks?status=pending&sort=due_at&order=asc')).body.items as {
    id: string;
    due_at: string;
    title: string;
  }[];
const auditOf = async (user: User, id: string) =>
  (await auditTrail(env.t, user, id)).map((e) => e.event_type as string);
const successorRows = (id: string) =>
  env.db.db
    .selectFrom('tasks')
    .select(['id', 'deleted_at'])
    .where('recurred_from', '=', id)
    .execute();

/** A weekly task completed, and the next occurrence its completion spawned. */
async function completedWithSuccessor(user: User) {
  const task = (await user.post('/api/tasks', weekly)).body;
  expect((await user.post(`/api/tasks/${task.id}/complete`)).status).toBe(200);
  await env.t.settled();
  const [next, ...rest] = await openTasks(user);
  expect(rest).toEqual([]);
  expect(next).toMatchObject({ title: weekly.title, due_at: '2026-03-09T09:00:00.000Z' });
  return { task, next: next! };
}

describe('reopening a completed task', () => {
  it('answers the task, and successor null for a task that does not recur', async () => {
    const user = await signedInClient(env.t.app);
    const task = (await user.post('/api/tasks', { title: 'Once' })).body;
    const done = (await user.post(`/api/tasks/${task.id}/complete`)).body;
    const res = await user.post(`/api/tasks/${task.id}/reopen`, undefined, {
      'if-match': `"${done.version}"`,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(`"${done.version + 1}"`);
    expect(res.body).toEqual({
      ...done,
      status: 'pending',
      completed_at: null,
      version: done.version + 1,
      updated_at: res.body.updated_at,
      successor: null,
    });
    expect((await user.post('/api/tasks/00000000-0000-4000-8000-000000000000/reopen')).status).toBe(
      404,
    );
  });

  it('withdraws the untouched next occurrence with the completion, and brings the same one back on completing again', async () => {
    const user = await signedInClient(env.t.app);
    const { task, next } = await completedWithSuccessor(user);

    const reopened = await user.post(`/api/tasks/${task.id}/reopen`);
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({
      id: task.id,
      status: 'pending',
      completed_at: null,
      successor: { id: next.id, outcome: 'withdrawn' },
    });
    await env.t.settled();
    expect((await openTasks(user)).map((t) => t.id)).toEqual([task.id]);
    expect((await user.get(`/api/tasks/${next.id}`)).status).toBe(404);
    expect(await auditOf(user, next.id)).toEqual(['created', 'deleted']);
    // Asked again (a retry), nothing changes and the answer says the same.
    const again = await user.post(`/api/tasks/${task.id}/reopen`);
    expect(again.body).toMatchObject({
      version: reopened.body.version,
      successor: { id: next.id, outcome: 'withdrawn' },
    });

    expect((await user.post(`/api/tasks/${task.id}/complete`)).status).toBe(200);
    await env.t.settled();
    const back = await openTasks(user);
    expect(back).toMatchObject([
      { id: next.id, title: weekly.title, due_at: '2026-03-09T09:00:00.000Z' },
    ]);
    expect((await user.get(`/api/tasks/${next.id}`)).body).toMatchObject({
      remind_at: '2026-03-09T08:30:00.000Z',
      tags: [{ name: 'home' }],
      status: 'pending',
    });
    expect(await auditOf(user, next.id)).toEqual(['created', 'deleted', 'restored']);
    expect(await successorRows(task.id)).toEqual([{ id: next.id, deleted_at: null }]);

    // Still untouched: reopening again withdraws it again.
    expect((await user.post(`/api/tasks/${task.id}/reopen`)).body.successor).toEqual({
      id: next.id,
      outcome: 'withdrawn',
    });
    await env.t.settled();
    expect((await openTasks(user)).map((t) => t.id)).toEqual([task.id]);
  });

  it('keeps a next occurrence its user has changed, completed or deleted, and says so', async () => {
    const user = await signedInClient(env.t.app);
    const edited = await completedWithSuccessor(user);
    await user.patch(`/api/tasks/${edited.next.id}`, { description: 'Use rain water' });
    const res = await user.post(`/api/tasks/${edited.task.id}/reopen`);
    expect(res.body.successor).toEqual({ id: edited.next.id, outcome: 'kept' });
    await env.t.settled();
    expect((await openTasks(user)).map((t) => t.id).sort()).toEqual(
      [edited.task.id, edited.next.id].sort(),
    );
    // Completed again, it spawns no second successor and leaves the kept one as it is.
    await user.post(`/api/tasks/${edited.task.id}/complete`);
    await env.t.settled();
    expect(await successorRows(edited.task.id)).toEqual([{ id: edited.next.id, deleted_at: null }]);
    expect((await user.get(`/api/tasks/${edited.next.id}`)).body.description).toBe(
      'Use rain water',
    );

    const user2 = await signedInClient(env.t.app);
    const done = await completedWithSuccessor(user2);
    await user2.post(`/api/tasks/${done.next.id}/complete`);
    await env.t.settled();
    expect((await user2.post(`/api/tasks/${done.task.id}/reopen`)).body.successor).toEqual({
      id: done.next.id,
      outcome: 'kept',
    });
    expect((await user2.get(`/api/tasks/${done.next.id}`)).body.status).toBe('completed');

    const user3 = await signedInClient(env.t.app);
    const deleted = await completedWithSuccessor(user3);
    await user3.delete(`/api/tasks/${deleted.next.id}`);
    expect((await user3.post(`/api/tasks/${deleted.task.id}/reopen`)).body.successor).toEqual({
      id: deleted.next.id,
      outcome: 'kept',
    });
    // A successor its user deleted is not brought back by completing again.
    await user3.post(`/api/tasks/${deleted.task.id}/complete`);
    await env.t.settled();
    expect(await openTasks(user3)).toEqual([]);
  });

  it('spawns nothing when the completion reaches the recurrence consumer only after the reopen', async () => {
    // A process without the recurrence consumer: its completion waits, as behind a slow consumer.
    const slow = createTestApp(env.db, {
      functions: registry.filter((fn) => fn.name !== 'recurrence'),
    });
    try {
      const user = await signedInClient(slow.app);
      const task = (await user.post('/api/tasks', weekly)).body;
      await user.post(`/api/tasks/${task.id}/complete`);
      const reopened = await user.post(`/api/tasks/${task.id}/reopen`);
      expect(reopened.body.successor).toBeNull();
      await slow.settled();
      const [completion] = await env.db.db
        .selectFrom('outbox')
        .select('event')
        .where('partition_key', '=', task.id)
        .where('event_type', '=', 'dev.ripple.task.completed')
        .execute();
      const { headers, body } = binaryEvent(completion!.event);
      const late = await env.t.app.request('/events/recurrence', { method: 'POST', headers, body });
      expect(late.status).toBe(200);
      await env.t.settled();
      expect(await successorRows(task.id)).toEqual([]);
      expect((await openTasks(user)).map((t) => t.id)).toEqual([task.id]);

      // Completed again, it gets its one successor.
      const completed = await user.post(`/api/tasks/${task.id}/complete`);
      expect(completed.status).toBe(200);
      const [, second] = await env.db.db
        .selectFrom('outbox')
        .select('event')
        .where('partition_key', '=', task.id)
        .where('event_type', '=', 'dev.ripple.task.completed')
        .orderBy('id')
        .execute();
      const delivered = binaryEvent(second!.event);
      expect(
        (
          await env.t.app.request('/events/recurrence', {
            method: 'POST',
            headers: delivered.headers,
            body: delivered.body,
          })
        ).status,
      ).toBe(200);
      await env.t.settled();
      expect(await successorRows(task.id)).toHaveLength(1);
    } finally {
      await slow.close();
    }
  });

  it('leaves every task with its events, in version order, as the API answered it', async () => {
    await env.t.settled();
    expect(await consistencyProblems(env.db.db)).toEqual([]);
  });
});
