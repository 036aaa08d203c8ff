import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { signedInClient } from './support/client.js';
import { useTestApp } from './support/test-app.js';

const env = useTestApp();

async function outboxOf(taskId: string) {
  return env.db.db
    .selectFrom('outbox')
    .select(['event_id', 'event_type', 'topic', 'partition_key', 'event', 'published_at'])
    .where('partition_key', '=', taskId)
    .orderBy('id')
    .execute();
}

describe('a task through its whole life', () => {
  it('is created, read, listed, updated, completed, reopened, deleted and restored, with one event per change', async () => {
    const user = await signedInClient(env.t.app);

    const created = await user.post('/api/tasks', {
      title: '  Water the plants  ',
      description: 'The fern too',
      priority: 'high',
      tags: ['home', 'Garden', 'HOME'],
      due_at: '2026-03-02T18:00:00+01:00',
      remind_at: '2026-03-02T17:30:00+01:00',
      recurrence: { frequency: 'weekly', interval: 2, weekdays: ['fr', 'mo'], from: 'completion' },
    });
    expect(created.status).toBe(201);
    const task = created.body;
    expect(created.headers.get('location')).toBe(`/api/tasks/${task.id}`);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(task).toMatchObject({
      title: 'Water the plants',
      description: 'The fern too',
      status: 'pending',
      priority: 'high',
      due_at: '2026-03-02T17:00:00.000Z',
      remind_at: '2026-03-02T16:30:00.000Z',
      recurrence: { frequency: 'weekly', interval: 2, weekdays: ['mo', 'fr'], from: 'completion' },
      completed_at: null,
      created_at: '2026-03-01T09:00:00.000Z',
      updated_at: '2026-03-01T09:00:00.000Z',
      version: 1,
    });
    expect(task.tags.map((tag: { name: string }) => tag.name)).toEqual(['Garden', 'home']);
    for (const tag of task.tags) expect(tag.color).toMatch(/^#[0-9a-f]{6}$/);

    expect((await user.get(`/api/tasks/${task.id}`)).body).toEqual(task);
    expect((await user.get('/api/tasks')).body).toEqual({ items: [task], next_cursor: null });

    env.t.clock.advance(60_000);
    const updated = await user.patch(`/api/tasks/${task.id}`, {
      title: 'Water all plants',
      description: null,
      tags: ['garden'],
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      title: 'Water all plants',
      description: null,
      priority: 'high',
      version: 2,
      updated_at: '2026-03-01T09:01:00.000Z',
    });
    expect(updated.body.tags).toEqual([task.tags[0]]);

    const completed = await user.post(`/api/tasks/${task.id}/complete`);
    expect(completed.body).toMatchObject({
      status: 'completed',
      completed_at: '2026-03-01T09:01:00.000Z',
      version: 3,
    });
    // Gone from the pending list (where its next occurrence, a new task, appears shortly: it recurs).
    const idsOf = (page: { items: { id: string }[] }) => page.items.map((t) => t.id);
    expect(idsOf((await user.get('/api/tasks')).body)).not.toContain(task.id);
    expect((await user.get('/api/tasks?status=completed')).body.items).toEqual([completed.body]);

    const reopened = await user.post(`/api/tasks/${task.id}/reopen`);
    expect(reopened.body).toMatchObject({ status: 'pending', completed_at: null, version: 4 });

    const deleted = await user.delete(`/api/tasks/${task.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBe('');
    expect((await user.get(`/api/tasks/${task.id}`)).status).toBe(404);
    expect(idsOf((await user.get('/api/tasks?status=all')).body)).not.toContain(task.id);
    expect((await user.delete(`/api/tasks/${task.id}`)).status).toBe(404);

    const restored = await user.post(`/api/tasks/${task.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ status: 'pending', version: 6 });
    expect((await user.get(`/api/tasks/${task.id}`)).body).toEqual(restored.body);

    await env.t.settled();
    const events = await outboxOf(task.id);
    expect(events.map((e) => e.event_type)).toEqual(
      ['created', 'updated', 'completed', 'reopened', 'deleted', 'restored'].map(
        (n) => `dev.ripple.task.${n}`,
      ),
    );
    for (const e of events) {
      expect(e.topic).toBe('task-events');
      // Published right after each change: the embedded bus took it to every consumer.
      expect(e.published_at).not.toBeNull();
      expect(e.event).toMatchObject({
        specversion: '1.0',
        id: e.event_id,
        source: '/ripple/tasks',
        type: e.event_type,
        subject: task.id,
        datacontenttype: 'application/json',
        partitionkey: task.id,
        userid: user.user.id,
      });
    }
    // Each event carries the task exactly as the API answered it at that moment.
    const data = events.map((e) => e.event.data);
    // (The reopen's answer adds what became of the next occurrence: that is not the task's.)
    const { successor: _successor, ...reopenedTask } = reopened.body;
    expect([data[0], data[1], data[2], data[3], data[5]]).toEqual([
      task,
      updated.body,
      completed.body,
      reopenedTask,
      restored.body,
    ]);
    expect(data[4]).toMatchObject({ id: task.id, version: 5 });
  });

  it('writes a task with no tag, parent or assignee, and its event, in one statement: the event carries the task as answered', async () => {
    const user = await signedInClient(env.t.app);
    const project = (await user.post('/api/projects', { name: 'Garden' })).body;
    // Its Inbox (found by the statement), a project of its own, and a repeating one.
    const made = [
      await user.post('/api/tasks', { title: 'Into the Inbox', priority: 'low' }),
      await user.post('/api/tasks', {
        title: 'Into the project',
        project_id: project.id,
        description: 'Roses',
        due_at: '2026-03-03T08:00:00Z',
        remind_at: '2026-03-03T07:00:00Z',
      }),
      await user.post('/api/tasks', {
        title: 'Every week',
        due_at: '2026-03-05T10:00:00+01:00',
        recurrence: { frequency: 'weekly' },
      }),
    ];
    expect(made.map((r) => r.status)).toEqual([201, 201, 201]);
    const inbox = (await user.get('/api/projects')).body.find(
      (p: { is_inbox: boolean }) => p.is_inbox,
    );
    expect(made.map((r) => r.body.project_id)).toEqual([inbox.id, project.id, inbox.id]);
    expect(made[2]!.body.recurrence).toMatchObject({ frequency: 'weekly', interval: 1 });
    for (const { body: task } of made) {
      expect((await user.get(`/api/tasks/${task.id}`)).body).toEqual(task);
      const [event, ...more] = await outboxOf(task.id);
      expect(more).toEqual([]);
      expect(event!.event).toMatchObject({
        type: 'dev.ripple.task.created',
        subject: task.id,
        projectid: task.project_id,
        userid: user.user.id,
      });
      expect(event!.event.data).toEqual(task);
    }
    // A project that is not the user's: not found, and nothing written.
    const other = await signedInClient(env.t.app);
    const theirs = (await other.post('/api/projects', { name: 'Theirs' })).body;
    const refused = await user.post('/api/tasks', { title: 'Sneaked in', project_id: theirs.id });
    expect(refused.status).toBe(404);
    expect(
      (await env.db.db.selectFrom('tasks').select('id').where('title', '=', 'Sneaked in').execute())
        .length,
    ).toBe(0);
  });

  it('treats asking for the state a task is already in as done, with no new version or event', async () => {
    const user = await signedInClient(env.t.app);
    const { body: task } = await user.post('/api/tasks', { title: 'Once' });
    await user.post(`/api/tasks/${task.id}/complete`);
    const again = await user.post(`/api/tasks/${task.id}/complete`);
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(2);
    expect((await user.post(`/api/tasks/${task.id}/restore`)).body.version).toBe(2);
    expect((await user.patch(`/api/tasks/${task.id}`, {})).body.version).toBe(2);
    expect((await outboxOf(task.id)).map((e) => e.event_type)).toEqual([
      'dev.ripple.task.created',
      'dev.ripple.task.completed',
    ]);
  });

  it('writes a task and its event in one transaction: if the event cannot be written, there is no task', async () => {
    const user = await signedInClient(env.t.app);
    await sql`create function refuse_event() returns trigger language plpgsql as $$ begin raise exception 'outbox offline'; end $$`.execute(
      env.db.db,
    );
    await sql`create trigger refuse_event before insert on outbox for each row execute function refuse_event()`.execute(
      env.db.db,
    );
    try {
      const res = await user.post('/api/tasks', { title: 'Lost?' });
      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(JSON.stringify(res.body)).not.toContain('outbox offline');
      expect((await user.get('/api/tasks')).body.items).toEqual([]);
    } finally {
      await sql`drop trigger refuse_event on outbox`.execute(env.db.db);
    }
    const { body: task } = await user.post('/api/tasks', { title: 'Kept' });
    const patched =
      await sql`create trigger refuse_event before insert on outbox for each row execute function refuse_event()`
        .execute(env.db.db)
        .then(() => user.patch(`/api/tasks/${task.id}`, { title: 'Changed?' }))
        .finally(() => sql`drop trigger refuse_event on outbox`.execute(env.db.db));
    expect(patched.status).toBe(500);
    expect((await user.get(`/api/tasks/${task.id}`)).body).toEqual(task);
  });
});
