import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { signedInClient } from '../../test/support/client.js';
import { binaryEvent } from '../../test/support/events.js';
import { addMemberDirectly, newProject, type User } from '../../test/support/projects.js';
import { openStream } from '../../test/support/sse.js';
import { useTestApp } from '../../test/support/test-app.js';
import { batchMessage } from '../_shared/events/bus-publisher.js';
import {
  memberEventType,
  NOTIFICATION_CREATED_TYPE,
  PROJECT_SOURCE,
  REMINDER_SOURCE,
  TASK_EVENT_SOURCE,
  taskEventType,
} from '../_shared/events/catalog.js';

const env = useTestApp();
const streams: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const s of streams) await s.close();
});

type Task = Record<string, unknown> & { id: string; project_id: string };

function event<T extends object>(type: string, source: string, by: User, subject: string, data: T) {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source,
    type,
    subject,
    time: env.t.clock.now().toISOString(),
    datacontenttype: 'application/json',
    partitionkey: subject,
    userid: by.user.id,
    data,
  };
}
const taskUpdated = (by: User, task: Task, extra: Record<string, string> = {}) => ({
  ...event(taskEventType('updated'), TASK_EVENT_SOURCE, by, task.id, task),
  projectid: task.project_id,
  ...extra,
});
const notification = (to: User, title: string, readAt: string | null = null) => {
  const id = randomUUID();
  return event(NOTIFICATION_CREATED_TYPE, REMINDER_SOURCE, to, id, {
    id,
    kind: 'reminder',
    task_id: null,
    project_id: null,
    actor_id: null,
    title,
    created_at: env.t.clock.now().toISOString(),
    read_at: readAt,
  });
};
const post = async (headers: Record<string, string>, body: string) => {
  const res = await env.t.app.request('/events/stream-writer', { method: 'POST', headers, body });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
};
const asBinary = (e: Record<string, unknown>) => {
  const { headers, body } = binaryEvent(e);
  return post(headers, body);
};
const asStructured = (e: Record<string, unknown>) =>
  post({ 'content-type': 'application/cloudevents+json' }, JSON.stringify(e));

/** A tab of the user's, open from now on: what it shows, up to a last notification sent to mark the end. */
async function tab(user: User) {
  const { token } = (await user.post('/api/stream/token')).body;
  const stream = await openStream(env.t.app, `/api/stream?token=${encodeURIComponent(token)}`);
  streams.push(stream);
  await stream.until((f) => f.some((x) => x.event === 'ready'));
  return {
    async seen() {
      const end = notification(user, `end-${randomUUID()}`);
      expect((await asBinary(end)).status).toBe(200);
      await stream.until((f) => f.some((x) => x.data?.includes(end.data.title)));
      return stream.frames
        .filter((f) => f.event !== 'ready' && !f.data?.includes('"title":"end-'))
        .map((f) => ({ event: f.event, ...JSON.parse(f.data!) }));
    },
  };
}

describe('stream-writer', () => {
  it("binary mode: a task's change is the next entry of each accepted member's stream, once however often it comes", async () => {
    const [owner, editor, invitee, stranger] = await Promise.all(
      [0, 1, 2, 3].map(() => signedInClient(env.t.app)),
    );
    const project = await newProject(owner!, 'Shared');
    await addMemberDirectly(env.db, project.id, editor!, 'editor');
    await addMemberDirectly(env.db, project.id, invitee!, 'viewer', { pending: true });
    const { body: task } = await owner!.post('/api/tasks', {
      title: 'Old',
      project_id: project.id,
    });
    await env.t.settled();
    const tabs = await Promise.all([owner, editor, invitee, stranger].map((u) => tab(u!)));

    const renamed = { ...task, title: 'New', version: 2 };
    const change = taskUpdated(owner!, renamed);
    expect(await asBinary(change)).toMatchObject({
      status: 200,
      body: { status: 'SUCCESS', outcome: 'processed' },
    });
    expect((await asBinary(change)).body).toEqual({ status: 'SUCCESS', outcome: 'duplicate' });
    for (const t of tabs.slice(0, 2))
      expect(await t.seen()).toEqual([{ event: 'task', type: 'updated', task: renamed }]);
    for (const t of tabs.slice(2)) expect(await t.seen()).toEqual([]);
  });

  it('structured mode: a notification goes to its user alone; one stored already read makes no entry', async () => {
    const [user, other] = [await signedInClient(env.t.app), await signedInClient(env.t.app)];
    const [mine, theirs] = [await tab(user), await tab(other)];
    const unread = { ...notification(user, 'Call mum'), pubsubname: 'ripple-pubsub' };
    const read = notification(user, 'Muted', env.t.clock.now().toISOString());
    for (const e of [unread, read])
      expect((await asStructured(e)).body).toEqual({ status: 'SUCCESS', outcome: 'processed' });
    expect(await mine.seen()).toEqual([
      { event: 'notification', type: 'created', notification: unread.data },
    ]);
    expect(await theirs.seen()).toEqual([]);
  });

  it('tells the members of the project a task left as well as those of the one it joined, each once', async () => {
    const [owner, left, joined] = await Promise.all([0, 1, 2].map(() => signedInClient(env.t.app)));
    const [from, to] = [await newProject(owner!, 'From'), await newProject(owner!, 'To')];
    await addMemberDirectly(env.db, from.id, left!, 'editor');
    await addMemberDirectly(env.db, to.id, joined!, 'editor');
    const { body: task } = await owner!.post('/api/tasks', { title: 'Mover', project_id: from.id });
    await env.t.settled();
    const tabs = await Promise.all([owner, left, joined].map((u) => tab(u!)));
    const moved = { ...task, project_id: to.id, version: 2 };
    expect((await asBinary(taskUpdated(owner!, moved, { movedfrom: from.id }))).status).toBe(200);
    for (const t of tabs)
      expect(await t.seen()).toEqual([{ event: 'task', type: 'updated', task: moved }]);
  });

  it('tells a member removed from a project so, and the members who stay', async () => {
    const [owner, gone] = [await signedInClient(env.t.app), await signedInClient(env.t.app)];
    const project = await newProject(owner, 'Team');
    await addMemberDirectly(env.db, project.id, gone, 'editor');
    await env.t.settled();
    const [ownerTab, goneTab] = [await tab(owner), await tab(gone)];
    // TEST SETUP: the membership row removed directly, as the members function does before its event.
    await env.db.db
      .deleteFrom('project_members')
      .where('project_id', '=', project.id)
      .where('user_id', '=', gone.user.id)
      .execute();
    const at = env.t.clock.now().toISOString();
    const member = {
      project_id: project.id,
      project_name: 'Team',
      user_id: gone.user.id,
      email: gone.email,
      name: null,
      role: 'editor',
      status: 'active',
      invited_by: owner.user.id,
      invited_at: at,
      accepted_at: at,
    };
    const removed = event(memberEventType('removed'), PROJECT_SOURCE, owner, project.id, member);
    expect((await asBinary({ ...removed, projectid: project.id })).status).toBe(200);
    for (const t of [ownerTab, goneTab])
      expect(await t.seen()).toEqual([{ event: 'project', type: 'member.removed', member }]);
  });

  it('takes a batch whole: an event sent twice in it has its effect once, another type is left alone', async () => {
    const user = await signedInClient(env.t.app);
    const view = await tab(user);
    const [a, b] = [notification(user, 'A'), notification(user, 'B')];
    const other = { ...notification(user, 'C'), type: 'dev.ripple.reminder.due' };
    const batch = batchMessage([a, other, b, a]);
    expect((await post(batch.headers, batch.body)).body).toEqual({
      status: 'SUCCESS',
      outcome: 'processed',
      outcomes: ['processed', 'ignored', 'processed', 'duplicate'],
    });
    expect((await view.seen()).map((f) => f.notification.title)).toEqual(['A', 'B']);
  });

  it('refuses a task event that is not a task or names no valid project: 400 (DROP to Dapr), no entry', async () => {
    const user = await signedInClient(env.t.app);
    const { body: task } = await user.post('/api/tasks', { title: 'Intact' });
    await env.t.settled();
    const view = await tab(user);
    const notATask = { ...taskUpdated(user, task), data: { id: task.id, title: 7 } };
    const badProject = taskUpdated(user, task, { projectid: 'inbox' });
    for (const e of [notATask, badProject]) {
      const res = await asBinary(e);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect((await asStructured({ ...e, id: randomUUID() })).body).toMatchObject({
        status: 'DROP',
      });
    }
    expect(await view.seen()).toEqual([]);
  });
});
