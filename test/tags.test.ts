import { describe, expect, it } from 'vitest';
import { signedInClient } from './support/client.js';
import { useTestApp } from './support/test-app.js';

const env = useTestApp();

const eventsOf = (taskId: string) =>
  env.db.db
    .selectFrom('outbox')
    .select(['event_type', 'event'])
    .where('partition_key', '=', taskId)
    .orderBy('id')
    .execute();

describe('tags', () => {
  it('are unique per user whatever the case, with a default color from the palette or a given one', async () => {
    const user = await signedInClient(env.t.app);
    const work = await user.post('/api/tags', { name: ' Work ' });
    expect(work.status).toBe(201);
    expect(work.body).toEqual({
      id: expect.any(String),
      name: 'Work',
      color: expect.stringMatching(/^#[0-9a-f]{6}$/),
      task_count: 0,
    });
    expect((await user.post('/api/tags', { name: 'WORK' })).status).toBe(409);
    expect((await user.post('/api/tags', { name: 'Home', color: '#1E90FF' })).body.color).toBe(
      '#1e90ff',
    );
    // Creating a task with a known name in another case reuses the tag.
    const { body: task } = await user.post('/api/tasks', { title: 'Report', tags: ['work'] });
    expect(task.tags).toEqual([{ id: work.body.id, name: 'Work', color: work.body.color }]);

    for (const body of [
      { name: '' },
      { name: 'x'.repeat(51) },
      { name: 'ok', color: 'blue' },
      { name: 'ok', color: '#12345' },
      { name: 'ok', extra: 1 },
    ]) {
      expect((await user.post('/api/tags', body)).status, JSON.stringify(body)).toBe(400);
    }
    expect((await user.get('/api/tags')).body.map((t: { name: string }) => t.name)).toEqual([
      'Home',
      'Work',
    ]);
  });

  it('get a color of their own until the palette is used up, whether made directly or with a task', async () => {
    const user = await signedInClient(env.t.app);
    for (const name of ['alpha', 'beta', 'gamma', 'delta', 'epsilon'])
      await user.post('/api/tags', { name });
    await user.post('/api/tasks', {
      title: 'Five more',
      tags: ['zeta', 'eta', 'theta', 'iota', 'kappa'],
    });
    const colors = (await user.get('/api/tags')).body.map((t: { color: string }) => t.color);
    expect(new Set(colors).size).toBe(10);
    // The eleventh shares one: every color is used once, so the palette starts over.
    await user.post('/api/tags', { name: 'lambda' });
    expect(
      new Set((await user.get('/api/tags')).body.map((t: { color: string }) => t.color)).size,
    ).toBe(10);
  });

  it("count the user's live tasks, completed ones included, deleted ones not", async () => {
    const user = await signedInClient(env.t.app);
    const ids: string[] = [];
    for (const title of ['a', 'b', 'c', 'd'])
      ids.push((await user.post('/api/tasks', { title, tags: ['errand'] })).body.id);
    await user.post(`/api/tasks/${ids[0]}/complete`);
    await user.delete(`/api/tasks/${ids[1]}`);
    await user.post('/api/tasks', { title: 'untagged' });
    const other = await signedInClient(env.t.app);
    await other.post('/api/tasks', { title: 'theirs', tags: ['errand'] });
    const tags = (await user.get('/api/tags')).body;
    expect(tags).toEqual([expect.objectContaining({ name: 'errand', task_count: 3 })]);
    await user.post(`/api/tasks/${ids[1]}/restore`);
    expect((await user.get('/api/tags')).body[0].task_count).toBe(4);
  });

  it('renamed or recolored, change every task carrying them, each with a new version and a task.updated event', async () => {
    const user = await signedInClient(env.t.app);
    const { body: a } = await user.post('/api/tasks', { title: 'a', tags: ['proj'] });
    const { body: gone } = await user.post('/api/tasks', { title: 'deleted', tags: ['proj'] });
    await user.delete(`/api/tasks/${gone.id}`);
    const tagId = a.tags[0].id;
    await user.post('/api/tags', { name: 'taken' });

    expect((await user.patch(`/api/tags/${tagId}`, { name: 'TAKEN' })).status).toBe(409);
    expect((await user.get(`/api/tasks/${a.id}`)).body).toEqual(a);

    env.t.clock.advance(5000);
    const renamed = await user.patch(`/api/tags/${tagId}`, { name: 'Project', color: '#00ff00' });
    expect(renamed.body).toEqual({ id: tagId, name: 'Project', color: '#00ff00', task_count: 1 });
    const after = (await user.get(`/api/tasks/${a.id}`)).body;
    expect(after.tags).toEqual([{ id: tagId, name: 'Project', color: '#00ff00' }]);
    expect(after.version).toBe(a.version + 1);
    const events = await eventsOf(a.id);
    expect(events.at(-1)).toMatchObject({
      event_type: 'dev.ripple.task.updated',
      event: { data: after },
    });
    // A deleted task is not touched.
    expect((await eventsOf(gone.id)).map((e) => e.event_type)).toEqual([
      'dev.ripple.task.created',
      'dev.ripple.task.deleted',
    ]);

    // The same name again is no change: no new version, no event.
    await user.patch(`/api/tags/${tagId}`, { name: 'Project' });
    expect((await user.get(`/api/tasks/${a.id}`)).body.version).toBe(after.version);
  });

  it('deleted, leave their tasks in place without them, each with a task.updated event', async () => {
    const user = await signedInClient(env.t.app);
    const { body: task } = await user.post('/api/tasks', {
      title: 'keep me',
      tags: ['old', 'new'],
    });
    const old = task.tags.find((t: { name: string }) => t.name === 'old');
    const res = await user.delete(`/api/tags/${old.id}`);
    expect(res.status).toBe(204);
    const after = (await user.get(`/api/tasks/${task.id}`)).body;
    expect(after.tags.map((t: { name: string }) => t.name)).toEqual(['new']);
    expect(after.version).toBe(2);
    expect((await eventsOf(task.id)).at(-1)).toMatchObject({
      event_type: 'dev.ripple.task.updated',
      event: { data: after },
    });
    expect((await user.get('/api/tags')).body.map((t: { name: string }) => t.name)).toEqual([
      'new',
    ]);
    expect((await user.delete(`/api/tags/${old.id}`)).status).toBe(404);
  });

  it('of another user are out of reach: list, rename and delete answer as if they did not exist', async () => {
    const alice = await signedInClient(env.t.app);
    const bob = await signedInClient(env.t.app);
    const { body: tag } = await alice.post('/api/tags', { name: 'secret' });
    expect((await bob.get('/api/tags')).body).toEqual([]);
    expect((await bob.patch(`/api/tags/${tag.id}`, { name: 'mine' })).status).toBe(404);
    expect((await bob.delete(`/api/tags/${tag.id}`)).status).toBe(404);
    // Bob may have his own tag of the same name.
    expect((await bob.post('/api/tags', { name: 'secret' })).status).toBe(201);
    expect((await alice.get('/api/tags')).body).toEqual([tag]);
  });
});
