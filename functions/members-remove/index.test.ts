import { afterAll, expect, it } from 'vitest';
import { signedInClient } from '../../test/support/client.js';
import { eventsAbout, newProject, type User } from '../../test/support/projects.js';
import { share, sharedProject } from '../../test/support/sharing.js';
import { openStream } from '../../test/support/sse.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();
const streams: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const s of streams) await s.close();
});

async function tab(user: User) {
  const { token } = (await user.post('/api/stream/token')).body;
  const stream = await openStream(env.t.app, `/api/stream?token=${encodeURIComponent(token)}`);
  streams.push(stream);
  await stream.until((f) => f.some((x) => x.event === 'ready'));
  return stream;
}

const ids = (items: { id: string }[]) => items.map((t) => t.id);

it('a removal takes effect at once: lists, reads, writes and an open stream; the member’s tasks there are unassigned', async () => {
  const { owner, member: bob, project } = await sharedProject(env.t.app);
  const task = (
    await owner.post('/api/tasks', {
      title: 'Paint',
      project_id: project.id,
      assignee_id: bob.user.id,
    })
  ).body;
  const own = (await bob.post('/api/tasks', { title: 'Bob’s own' })).body;
  const bobTab = await tab(bob);
  const ownerTab = await tab(owner);

  await owner.patch(`/api/tasks/${task.id}`, { title: 'Paint the fence' });
  await env.t.settled();
  await bobTab.until((f) =>
    f.some((x) => x.event === 'task' && JSON.parse(x.data!).task.title === 'Paint the fence'),
  );
  expect(ids((await bob.get('/api/tasks')).body.items)).toEqual(
    expect.arrayContaining([task.id, own.id]),
  );

  expect((await owner.delete(`/api/projects/${project.id}/members/${bob.user.id}`)).status).toBe(
    204,
  );
  // No waiting for events: every read checks the membership.
  expect(ids((await bob.get('/api/tasks')).body.items)).toEqual([own.id]);
  expect((await bob.get(`/api/tasks/${task.id}`)).status).toBe(404);
  expect((await bob.get(`/api/tasks?project_id=${project.id}`)).status).toBe(404);
  expect((await bob.patch(`/api/tasks/${task.id}`, { title: 'x' })).status).toBe(404);
  expect((await bob.get(`/api/projects/${project.id}`)).status).toBe(404);
  expect((await bob.get(`/api/projects/${project.id}/members`)).status).toBe(404);
  const unassigned = (await owner.get(`/api/tasks/${task.id}`)).body;
  expect(unassigned).toMatchObject({ assignee_id: null, version: task.version + 2 });

  await owner.patch(`/api/tasks/${task.id}`, { title: 'Secret now' });
  await env.t.settled();
  await ownerTab.until((f) =>
    f.some((x) => x.event === 'task' && JSON.parse(x.data!).task.title === 'Secret now'),
  );
  // The removed member was told they are out, and heard nothing of the project since.
  await bobTab.until((f) =>
    f.some((x) => x.event === 'project' && JSON.parse(x.data!).type === 'member.removed'),
  );
  const heard = bobTab.of('task').map((e) => e.task.title);
  expect(heard).not.toContain('Secret now');
  expect(heard.filter((t) => t === 'Paint the fence')).toHaveLength(1);
  expect(ownerTab.of('task').map((e) => [e.type, e.task.assignee_id])).toContainEqual([
    'updated',
    null,
  ]);

  // The task's own changes (a notification about it, e.g. to its assignee, is an event about it too).
  const events = (await eventsAbout(env.db, task.id)).filter((e) =>
    e.type.startsWith('dev.ripple.task.'),
  );
  expect(events.map((e) => [e.type, e.userid, e.data.assignee_id]).slice(-3)).toEqual([
    ['dev.ripple.task.updated', owner.user.id, bob.user.id],
    ['dev.ripple.task.updated', owner.user.id, null],
    ['dev.ripple.task.updated', owner.user.id, null],
  ]);
  const removed = (await eventsAbout(env.db, project.id)).filter(
    (e) => e.type === 'dev.ripple.member.removed',
  );
  expect(removed.map((e) => [e.userid, e.data.user_id, e.data.status])).toEqual([
    [owner.user.id, bob.user.id, 'active'],
  ]);
});

it('a removal takes the member’s tags off the project’s tasks, each said once; their tag then changes nothing there', async () => {
  const { owner, member, project } = await sharedProject(env.t.app, 'Band');
  const { body: task } = await member.post('/api/tasks', {
    title: 'Book the hall',
    project_id: project.id,
    tags: ['gig'],
    assignee_id: member.user.id,
  });
  const [tag] = (await member.get('/api/tags')).body;
  expect((await owner.delete(`/api/projects/${project.id}/members/${member.user.id}`)).status).toBe(
    204,
  );
  const after = (await owner.get(`/api/tasks/${task.id}`)).body;
  expect(after).toMatchObject({ version: task.version + 1, tags: [], assignee_id: null });

  // Renamed or deleted by the one who left, their tag no longer reaches the project's task.
  expect((await member.patch(`/api/tags/${tag.id}`, { name: 'spam' })).body.task_count).toBe(0);
  expect((await member.delete(`/api/tags/${tag.id}`)).status).toBe(204);
  expect((await owner.get(`/api/tasks/${task.id}`)).body).toEqual(after);
  await env.t.settled();
  const audit = (await owner.get(`/api/audit?task_id=${task.id}`)).body.items;
  expect(audit.map((e: { event_type: string }) => e.event_type)).toEqual(['updated', 'created']);
});

it('a member may leave; the owner may neither leave nor be removed; only an admin removes others', async () => {
  const owner = await signedInClient(env.t.app);
  const admin = await signedInClient(env.t.app);
  const viewer = await signedInClient(env.t.app);
  const editor = await signedInClient(env.t.app);
  const stranger = await signedInClient(env.t.app);
  const project = await newProject(owner);
  for (const [user, role] of [
    [admin, 'admin'],
    [viewer, 'viewer'],
    [editor, 'editor'],
  ] as const)
    await share(owner, project.id, user, role);
  const path = (userId: string) => `/api/projects/${project.id}/members/${userId}`;

  const left = await owner.delete(path(owner.user.id));
  expect(left.status).toBe(409);
  expect(left.body.detail).toMatch(/hand the project over/);
  expect((await admin.delete(path(owner.user.id))).status).toBe(409);
  expect((await editor.delete(path(viewer.user.id))).status).toBe(403);
  expect((await viewer.delete(path(editor.user.id))).status).toBe(403);
  expect((await stranger.delete(path(viewer.user.id))).status).toBe(404);
  expect((await stranger.delete(path(stranger.user.id))).status).toBe(404);
  expect((await owner.delete(path(stranger.user.id))).status).toBe(404);
  expect((await owner.delete(`/api/projects/${project.id}/members/x`)).status).toBe(400);
  expect((await owner.get(`/api/projects/${project.id}`)).body.member_count).toBe(4);

  expect((await viewer.delete(path(viewer.user.id))).status).toBe(204);
  expect((await viewer.get(`/api/projects/${project.id}`)).status).toBe(404);
  expect((await admin.delete(path(editor.user.id))).status).toBe(204);
  expect((await editor.get(`/api/projects/${project.id}`)).status).toBe(404);
  expect(
    (await owner.get(`/api/projects/${project.id}/members`)).body.map(
      (m: { user_id: string }) => m.user_id,
    ),
  ).toEqual([owner.user.id, admin.user.id]);

  // Once handed over, the former owner may leave.
  expect(
    (await owner.post(`/api/projects/${project.id}/owner`, { user_id: admin.user.id })).status,
  ).toBe(200);
  expect((await owner.delete(path(owner.user.id))).status).toBe(204);
  expect((await admin.delete(path(admin.user.id))).status).toBe(409);
});

it('an admin cancels a pending invitation: it is gone from the invitee’s list and cannot be accepted', async () => {
  const owner = await signedInClient(env.t.app);
  const bob = await signedInClient(env.t.app);
  const project = await newProject(owner);
  await owner.post(`/api/projects/${project.id}/members`, { email: bob.email, role: 'editor' });
  // The invitee cannot "leave" what they have not joined: they decline.
  expect((await bob.delete(`/api/projects/${project.id}/members/${bob.user.id}`)).status).toBe(404);
  expect((await owner.delete(`/api/projects/${project.id}/members/${bob.user.id}`)).status).toBe(
    204,
  );
  expect((await bob.get('/api/invitations')).body).toEqual([]);
  expect((await bob.post(`/api/invitations/${project.id}/accept`)).status).toBe(404);
  const removed = (await eventsAbout(env.db, project.id)).filter(
    (e) => e.type === 'dev.ripple.member.removed',
  );
  expect(removed.map((e) => e.data.status)).toEqual(['invited']);
});
