import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { client, signedInClient } from '../../test/support/client.js';
import { reminded } from '../../test/support/notifications.js';
import type { User } from '../../test/support/projects.js';
import { share, sharedProject } from '../../test/support/sharing.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();

interface Notification {
  id: string;
  title: string;
  read_at: string | null;
}

/** A user with reminders about one task: their notifications, newest first. */
async function remindedOf(user: User, ...titles: string[]): Promise<Notification[]> {
  const { body: task } = await user.post('/api/tasks', { title: 'Reminded' });
  for (const title of titles) {
    env.t.clock.advance(1000);
    await reminded(env.t, user, task, title);
  }
  return (await user.get('/api/notifications')).body;
}
const unreadTitles = async (user: User) =>
  (await user.get('/api/notifications?unread=true')).body.map((n: Notification) => n.title);

describe('POST /api/notifications/:id/read', () => {
  it('answers the notification read now, and leaves the others unread', async () => {
    const user = await signedInClient(env.t.app);
    const [second, first] = await remindedOf(user, 'first', 'second');
    env.t.clock.advance(5 * 60_000);
    const res = await user.post(`/api/notifications/${first!.id}/read`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body).toEqual({ ...first, read_at: env.t.clock.now().toISOString() });
    expect((await user.get('/api/notifications')).body).toEqual([second, res.body]);
    expect(await unreadTitles(user)).toEqual(['second']);
  });

  it('reading it again answers the same, with the first time it was read', async () => {
    const user = await signedInClient(env.t.app);
    const [only] = await remindedOf(user, 'only');
    const first = await user.post(`/api/notifications/${only!.id}/read`);
    env.t.clock.advance(10 * 60_000);
    const again = await user.post(`/api/notifications/${only!.id}/read`);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.body.read_at).not.toBe(env.t.clock.now().toISOString());
    expect((await user.get('/api/notifications')).body).toEqual([first.body]);
  });

  it("answers 404 for another user's notification exactly as for none, and it stays unread for its owner", async () => {
    const owner = await signedInClient(env.t.app);
    const stranger = await signedInClient(env.t.app);
    const [theirs] = await remindedOf(owner, 'private');
    const none = await stranger.post(`/api/notifications/${randomUUID()}/read`);
    expect(none.status).toBe(404);
    expect(none.headers.get('content-type')).toBe('application/problem+json');
    expect(none.body).toMatchObject({ status: 404, detail: 'Notification not found' });
    const foreign = await stranger.post(`/api/notifications/${theirs!.id}/read`);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(none.body);
    expect(await unreadTitles(owner)).toEqual(['private']);
  });

  it('answers 404 to a member removed from the project, and leaves the notification as it was', async () => {
    const { owner, member, project } = await sharedProject(env.t.app, 'Allotment');
    const { body: task } = await member.post('/api/tasks', {
      title: 'Secret plans',
      project_id: project.id,
    });
    await reminded(env.t, member, task);
    const [told] = (await member.get('/api/notifications')).body;
    expect(told).toMatchObject({ title: 'Secret plans', read_at: null });
    expect(
      (await owner.delete(`/api/projects/${project.id}/members/${member.user.id}`)).status,
    ).toBe(204);

    const res = await member.post(`/api/notifications/${told.id}/read`);
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).not.toContain('Secret plans');
    // Let back in, they find it as it was: unread.
    await share(owner, project.id, member, 'viewer');
    expect((await member.get('/api/notifications?unread=true')).body).toContainEqual(told);
  });

  it('answers 400 naming the id for a malformed one and 401 without a token, reading nothing', async () => {
    const user = await signedInClient(env.t.app);
    const [one] = await remindedOf(user, 'untouched');
    const bad = await user.post('/api/notifications/42/read');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toBe('application/problem+json');
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['path.id']);
    expect((await client(env.t.app).post(`/api/notifications/${one!.id}/read`)).status).toBe(401);
    expect(await unreadTitles(user)).toEqual(['untouched']);
  });
});
