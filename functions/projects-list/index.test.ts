import { describe, expect, it } from 'vitest';
import { signedInClient } from '../../test/support/client.js';
import { addMemberDirectly, newProject } from '../../test/support/projects.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();

describe('GET /api/projects', () => {
  it("answers the caller's accepted projects in their own order, with open, overdue and member counts", async () => {
    const owner = await signedInClient(env.t.app);
    const editor = await signedInClient(env.t.app);
    const invitee = await signedInClient(env.t.app);
    const garden = await newProject(owner, 'Garden');
    // TEST SETUP (members API on another branch): an accepted editor and a pending invitation, written directly.
    await addMemberDirectly(env.db, garden.id, editor, 'editor');
    await addMemberDirectly(env.db, garden.id, invitee, 'viewer', { pending: true });

    const task = async (body: Record<string, unknown>) =>
      (await owner.post('/api/tasks', { project_id: garden.id, ...body })).body as { id: string };
    const overdue = await task({ title: 'Overdue', due_at: '2026-02-28T09:00:00Z' });
    await task({ title: 'Subtask overdue', parent_id: overdue.id, due_at: '2026-02-27T09:00:00Z' });
    await task({ title: 'Later', due_at: '2026-03-01T09:05:00Z' });
    const done = await task({ title: 'Done', due_at: '2026-02-20T09:00:00Z' });
    await owner.post(`/api/tasks/${done.id}/complete`);
    const gone = await task({ title: 'Gone', due_at: '2026-02-20T09:00:00Z' });
    await owner.delete(`/api/tasks/${gone.id}`);
    await owner.post('/api/tasks', { title: 'In the Inbox' });

    const mine = await owner.get('/api/projects');
    expect(mine.status).toBe(200);
    expect(mine.body.map((p: { name: string }) => p.name)).toEqual(['Inbox', 'Garden']);
    expect(mine.body[0]).toMatchObject({
      is_inbox: true,
      role: 'admin',
      position: 0,
      open_count: 1,
      overdue_count: 0,
      member_count: 1,
    });
    expect(mine.body[1]).toMatchObject({
      id: garden.id,
      role: 'admin',
      position: 1,
      open_count: 3,
      overdue_count: 2,
      member_count: 2,
    });

    // Ten minutes on, "Later" is overdue too.
    env.t.clock.advance(10 * 60_000);
    expect((await owner.get(`/api/projects/${garden.id}`)).body).toMatchObject({
      open_count: 3,
      overdue_count: 3,
    });
    env.t.clock.set('2026-03-01T09:00:00Z');

    const theirs = (await editor.get('/api/projects')).body as {
      id: string;
      role: string;
      is_inbox: boolean;
    }[];
    expect(theirs.map((p) => [p.is_inbox, p.role])).toEqual([
      [true, 'admin'],
      [false, 'editor'],
    ]);
    expect(theirs[1]!.id).toBe(garden.id);
    // A pending invitation gives no access.
    expect(
      (await invitee.get('/api/projects')).body.map((p: { is_inbox: boolean }) => p.is_inbox),
    ).toEqual([true]);
  });

  it('leaves out archived projects unless ?archived=true, and refuses a bad query', async () => {
    const user = await signedInClient(env.t.app);
    const old = await newProject(user, 'Old');
    expect((await user.patch(`/api/projects/${old.id}`, { archived: true })).status).toBe(200);
    expect((await user.get('/api/projects')).body.map((p: { name: string }) => p.name)).toEqual([
      'Inbox',
    ]);
    const all = await user.get('/api/projects?archived=true');
    expect(
      all.body.map((p: { name: string; archived_at: string | null }) => [
        p.name,
        p.archived_at !== null,
      ]),
    ).toEqual([
      ['Inbox', false],
      ['Old', true],
    ]);
    expect((await user.get('/api/projects?archived=yes')).status).toBe(400);
    expect((await user.get('/api/projects?sort=name')).status).toBe(400);
  });

  it('follows each member’s own order', async () => {
    const user = await signedInClient(env.t.app);
    const order = async () =>
      (await user.get('/api/projects')).body.map((p: { name: string }) => p.name);
    const inbox = (await user.get('/api/projects')).body[0] as { id: string; version: number };
    const a = await newProject(user, 'A');
    const b = await newProject(user, 'B');
    expect(await order()).toEqual(['Inbox', 'A', 'B']);
    // A place is the caller's own: no new version of the project.
    expect((await user.patch(`/api/projects/${inbox.id}`, { position: 9 })).body).toMatchObject({
      position: 9,
      version: inbox.version,
    });
    expect((await user.patch(`/api/projects/${b.id}`, { position: 0 })).body).toMatchObject({
      position: 0,
      version: b.version,
    });
    expect(await order()).toEqual(['B', 'A', 'Inbox']);
    await user.patch(`/api/projects/${a.id}`, { position: 10 });
    expect(await order()).toEqual(['B', 'Inbox', 'A']);
    expect((await user.patch(`/api/projects/${a.id}`, { position: -1 })).status).toBe(400);
    expect((await user.patch(`/api/projects/${a.id}`, { position: 1.5 })).status).toBe(400);
  });
});
