import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signedInClient } from '../../test/support/client.js';
import { binaryEvent } from '../../test/support/events.js';
import { addMemberDirectly, newProject, type User } from '../../test/support/projects.js';
import { sharedProject } from '../../test/support/sharing.js';
import { useTestApp } from '../../test/support/test-app.js';
import { batchMessage } from '../_shared/events/bus-publisher.js';
import {
  memberEventType,
  PROJECT_SOURCE,
  REMINDER_DUE_TYPE,
  REMINDER_SOURCE,
  TASK_ASSIGNED_TYPE,
} from '../_shared/events/catalog.js';

const env = useTestApp();

/** A Ripple event for the notifier, as its producer writes it to the outbox. */
function event(type: string, userId: string, subject: string, data: Record<string, unknown>) {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: type === REMINDER_DUE_TYPE ? REMINDER_SOURCE : PROJECT_SOURCE,
    type,
    subject,
    time: env.t.clock.now().toISOString(),
    datacontenttype: 'application/json',
    partitionkey: subject,
    userid: userId,
    data,
  };
}
const reminderDue = (user: User, task: { id: string; title: string; project_id: string }) =>
  event(REMINDER_DUE_TYPE, user.user.id, task.id, {
    task_id: task.id,
    title: task.title,
    remind_at: env.t.clock.now().toISOString(),
    due_at: null,
    project_id: task.project_id,
  });
const post = (headers: Record<string, string>, body: string) =>
  env.t.app.request('/events/notifier', { method: 'POST', headers, body });
const asBinary = (e: Record<string, unknown>) => post(binaryEvent(e).headers, binaryEvent(e).body);
const asStructured = (e: Record<string, unknown>) =>
  post({ 'content-type': 'application/cloudevents+json' }, JSON.stringify(e));
const notificationsOf = async (user: User) => (await user.get('/api/notifications')).body;

describe('notifier takes the events a user should be told of', () => {
  it('binary mode: a due reminder becomes one unread notification for its user; a redelivery has no second effect', async () => {
    const user = await signedInClient(env.t.app);
    const { body: task } = await user.post('/api/tasks', { title: 'Take the pills' });
    const due = reminderDue(user, task);
    const first = await asBinary(due);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ status: 'SUCCESS', outcome: 'processed' });
    expect(await (await asBinary(due)).json()).toEqual({ status: 'SUCCESS', outcome: 'duplicate' });
    expect(await notificationsOf(user)).toEqual([
      {
        id: expect.any(String),
        kind: 'reminder',
        task_id: task.id,
        project_id: task.project_id,
        actor_id: null,
        title: 'Take the pills',
        created_at: env.t.clock.now().toISOString(),
        read_at: null,
      },
    ]);
  });

  it('structured mode (a Dapr subscription): an invitation tells the invitee who invited them, once', async () => {
    const owner = await signedInClient(env.t.app);
    const invitee = await signedInClient(env.t.app);
    const project = await newProject(owner, 'Choir');
    await addMemberDirectly(env.db, project.id, invitee, 'viewer', {
      pending: true,
      invitedAt: env.t.clock.now(),
    });
    const invited = event(memberEventType('invited'), owner.user.id, project.id, {
      project_id: project.id,
      project_name: 'Choir',
      user_id: invitee.user.id,
      email: invitee.email,
      name: null,
      role: 'viewer',
      status: 'invited',
      invited_by: owner.user.id,
      invited_at: env.t.clock.now().toISOString(),
      accepted_at: null,
    });
    const withDapr = { ...invited, pubsubname: 'ripple-pubsub', topic: 'project-events' };
    expect(await (await asStructured(withDapr)).json()).toEqual({
      status: 'SUCCESS',
      outcome: 'processed',
    });
    expect(await (await asStructured(withDapr)).json()).toMatchObject({ outcome: 'duplicate' });
    expect(await notificationsOf(invitee)).toMatchObject([
      { kind: 'invitation', title: 'Choir', project_id: project.id, actor_id: owner.user.id },
    ]);
    expect(await notificationsOf(owner)).toEqual([]);
  });

  it('tells an assignee who can see the project of the assignment, and no one who cannot', async () => {
    const { owner, member, project } = await sharedProject(env.t.app, 'Band');
    const stranger = await signedInClient(env.t.app);
    const { body: task } = await owner.post('/api/tasks', {
      title: 'Tune the bass',
      project_id: project.id,
    });
    const assigned = (to: User) =>
      event(TASK_ASSIGNED_TYPE, owner.user.id, task.id, {
        task_id: task.id,
        title: task.title,
        project_id: project.id,
        assignee_id: to.user.id,
      });
    for (const to of [member, stranger])
      expect(await (await asBinary(assigned(to))).json()).toMatchObject({ outcome: 'processed' });
    expect(await notificationsOf(member)).toMatchObject([
      { kind: 'assigned', task_id: task.id, actor_id: owner.user.id, title: 'Tune the bass' },
    ]);
    expect(await notificationsOf(stranger)).toEqual([]);
  });

  it("reminds a project's owner instead of a creator who has left it", async () => {
    const { owner, member: leaver, project } = await sharedProject(env.t.app, 'Club');
    const { body: task } = await leaver.post('/api/tasks', {
      title: 'Book the hall',
      project_id: project.id,
    });
    await owner.delete(`/api/projects/${project.id}/members/${leaver.user.id}`);
    expect((await asBinary(reminderDue(leaver, task))).status).toBe(200);
    expect(await notificationsOf(owner)).toMatchObject([
      { kind: 'reminder', task_id: task.id, title: 'Book the hall' },
    ]);
    expect(await notificationsOf(leaver)).toEqual([]);
  });

  it('takes a batch from the bus whole, each event once and in order, another type left alone', async () => {
    const user = await signedInClient(env.t.app);
    const tasks = [];
    for (const title of ['one', 'two']) tasks.push((await user.post('/api/tasks', { title })).body);
    const other = { ...reminderDue(user, tasks[0]), type: 'dev.ripple.task.updated' };
    const batch = batchMessage([reminderDue(user, tasks[0]), other, reminderDue(user, tasks[1])]);
    const answer = async () => (await post(batch.headers, batch.body)).json();
    expect(await answer()).toEqual({
      status: 'SUCCESS',
      outcome: 'processed',
      outcomes: ['processed', 'ignored', 'processed'],
    });
    expect(await answer()).toMatchObject({ outcomes: ['duplicate', 'ignored', 'duplicate'] });
    // Newest first: written in the order sent.
    expect((await notificationsOf(user)).map((n: { title: string }) => n.title)).toEqual([
      'two',
      'one',
    ]);
  });

  it('refuses an event whose data is not of its type: 400 to KafkaSource, DROP to Dapr, nothing stored', async () => {
    const user = await signedInClient(env.t.app);
    const { body: task } = await user.post('/api/tasks', { title: 'Never told' });
    const broken = { ...reminderDue(user, task), data: { task_id: 'not-a-uuid', title: 'x' } };
    const refused = await asBinary(broken);
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/task_id/);
    expect(await (await asStructured({ ...broken, id: randomUUID() })).json()).toMatchObject({
      status: 'DROP',
    });
    const noUser = { ...reminderDue(user, task), userid: undefined };
    expect((await asBinary(noUser)).status).toBe(400);
    expect(await notificationsOf(user)).toEqual([]);
  });
});
