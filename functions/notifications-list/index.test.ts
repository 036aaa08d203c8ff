import { describe, expect, it } from 'vitest';
import { client, signedInClient } from '../../test/support/client.js';
import { reminded } from '../../test/support/notifications.js';
import { newProject, type User } from '../../test/support/projects.js';
import { share } from '../../test/support/sharing.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();

const titles = async (user: User, query = '') =>
  (await user.get(`/api/notifications${query}`)).body.map((n: { title: string }) => n.title);

describe('GET /api/notifications', () => {
  it('answers [] to a user told nothing, then the newest 100, newest first', async () => {
    const user = await signedInClient(env.t.app);
    const empty = await user.get('/api/notifications');
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual([]);

    const { body: task } = await user.post('/api/tasks', { title: 'Nag' });
    for (let i = 0; i <= 100; i++) {
      env.t.clock.advance(1000);
      await reminded(env.t, user, task, `n${i}`);
    }
    const res = await user.get('/api/notifications');
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(100);
    expect(res.body[0]).toEqual({
      id: expect.any(String),
      kind: 'reminder',
      task_id: task.id,
      project_id: task.project_id,
      actor_id: null,
      title: 'n100',
      created_at: env.t.clock.now().toISOString(),
      read_at: null,
    });
    expect(res.body.map((n: { title: string }) => n.title)).toEqual(
      Array.from({ length: 100 }, (_, i) => `n${100 - i}`),
    );
    expect((await user.get('/api/notifications?unread=false')).body).toEqual(res.body);
  });

  it('with unread=true leaves out those read, and unread=false brings them back', async () => {
    const user = await signedInClient(env.t.app);
    const { body: task } = await user.post('/api/tasks', { title: 'Pick up parcel' });
    for (const title of ['first', 'second', 'third']) {
      env.t.clock.advance(1000);
      await reminded(env.t, user, task, title);
    }
    const [third, , first] = (await user.get('/api/notifications')).body;
    await user.post(`/api/notifications/${third.id}/read`);
    await user.post(`/api/notifications/${first.id}/read`);
    expect(await titles(user, '?unread=true')).toEqual(['second']);
    expect(await titles(user, '?unread=false')).toEqual(['third', 'second', 'first']);
  });

  it("shows a project's notifications only while the user can read it, and an invitation only while it waits for an answer", async () => {
    const owner = await signedInClient(env.t.app);
    const member = await signedInClient(env.t.app);
    const project = await newProject(owner, 'Allotment');
    await share(owner, project.id, member, 'editor');
    await env.t.settled();
    // Accepted, the invitation is no longer news.
    expect(await titles(member)).toEqual([]);
    const { body: task } = await member.post('/api/tasks', {
      title: 'Water the beans',
      project_id: project.id,
    });
    await reminded(env.t, member, task);
    expect(await titles(member)).toEqual(['Water the beans']);

    expect(
      (await owner.delete(`/api/projects/${project.id}/members/${member.user.id}`)).status,
    ).toBe(204);
    expect(await titles(member)).toEqual([]);
    expect(await titles(member, '?unread=true')).toEqual([]);

    // An invitation shows until it is answered.
    const other = await newProject(owner, 'Orchard');
    const invited = await owner.post(`/api/projects/${other.id}/members`, {
      email: member.email,
      role: 'viewer',
    });
    expect(invited.status).toBe(201);
    await env.t.settled();
    expect((await member.get('/api/notifications')).body).toMatchObject([
      { kind: 'invitation', title: 'Orchard', task_id: null, actor_id: owner.user.id },
    ]);
    expect((await member.post(`/api/invitations/${other.id}/decline`)).status).toBe(204);
    expect(await titles(member)).toEqual([]);
  });

  it('shows an invitation sent again once: the one answered before stays out', async () => {
    const owner = await signedInClient(env.t.app);
    const member = await signedInClient(env.t.app);
    const project = await newProject(owner, 'Choir');
    await share(owner, project.id, member, 'viewer');
    expect(
      (await owner.delete(`/api/projects/${project.id}/members/${member.user.id}`)).status,
    ).toBe(204);
    env.t.clock.advance(60_000);
    const again = await owner.post(`/api/projects/${project.id}/members`, {
      email: member.email,
      role: 'editor',
    });
    expect(again.status).toBe(201);
    await env.t.settled();
    expect((await member.get('/api/notifications')).body).toMatchObject([
      { kind: 'invitation', title: 'Choir', created_at: again.body.invited_at },
    ]);
  });

  it('refuses an unread value other than true or false with 400, and a caller without a token with 401', async () => {
    const user = await signedInClient(env.t.app);
    for (const value of ['TRUE', '1', 'yes', '']) {
      const res = await user.get(`/api/notifications?unread=${value}`);
      expect(res.status, value).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.unread']);
    }
    expect((await client(env.t.app).get('/api/notifications')).status).toBe(401);
  });
});
