import { describe, expect, it } from 'vitest';
import { client, signedInClient } from '../../test/support/client.js';
import { newProject, type User } from '../../test/support/projects.js';
import { share } from '../../test/support/sharing.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();

const countsOf = async (user: User) =>
  Object.fromEntries(
    (await user.get('/api/tags')).body.map((t: { name: string; task_count: number }) => [
      t.name,
      t.task_count,
    ]),
  );

describe('GET /api/tags', () => {
  it('answers [] to a new user, then their tags ordered by name whatever its case', async () => {
    const user = await signedInClient(env.t.app);
    const empty = await user.get('/api/tags');
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual([]);

    const made = [];
    for (const name of ['banana', 'Zebra', 'apricot', 'Apple'])
      made.push((await user.post('/api/tags', { name })).body);
    const res = await user.get('/api/tags');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body).toEqual([made[3], made[2], made[0], made[1]]);
    expect((await client(env.t.app).get('/api/tags')).status).toBe(401);
  });

  it('counts live tasks in archived projects too, and subtasks as tasks', async () => {
    const user = await signedInClient(env.t.app);
    const project = await newProject(user, 'Shelved');
    const { body: parent } = await user.post('/api/tasks', {
      title: 'Parent',
      project_id: project.id,
      tags: ['later'],
    });
    await user.post('/api/tasks', { title: 'Step', parent_id: parent.id, tags: ['later'] });
    await user.post('/api/tasks', { title: 'In the Inbox', tags: ['later', 'now'] });
    expect(await countsOf(user)).toEqual({ later: 3, now: 1 });

    expect((await user.patch(`/api/projects/${project.id}`, { archived: true })).status).toBe(200);
    expect(await countsOf(user)).toEqual({ later: 3, now: 1 });
    // A project in the trash takes its tasks out of the counts; restored, they count again.
    expect((await user.delete(`/api/projects/${project.id}`)).status).toBe(204);
    expect(await countsOf(user)).toEqual({ later: 1, now: 1 });
    expect((await user.post(`/api/projects/${project.id}/restore`)).status).toBe(200);
    expect(await countsOf(user)).toEqual({ later: 3, now: 1 });
  });

  it("counts the tasks of a shared project while the user is a member, and lists only the user's own tags", async () => {
    const owner = await signedInClient(env.t.app);
    const member = await signedInClient(env.t.app);
    const project = await newProject(owner, 'Shared');
    await share(owner, project.id, member, 'editor');
    await member.post('/api/tasks', { title: 'There', project_id: project.id, tags: ['mine'] });
    await member.post('/api/tasks', { title: 'Here', tags: ['mine'] });
    await owner.post('/api/tasks', { title: 'Owner’s', project_id: project.id, tags: ['theirs'] });
    expect(await countsOf(member)).toEqual({ mine: 2 });
    expect(await countsOf(owner)).toEqual({ theirs: 1 });

    const removed = await owner.delete(`/api/projects/${project.id}/members/${member.user.id}`);
    expect(removed.status).toBe(204);
    // The task in the project still carries the tag, but the user no longer sees it.
    expect(await countsOf(member)).toEqual({ mine: 1 });
  });
});
