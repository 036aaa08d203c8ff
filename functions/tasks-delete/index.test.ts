import { describe, expect, it } from 'vitest';
import { auditTrail } from '../../test/support/audit.js';
import { signedInClient } from '../../test/support/client.js';
import type { User } from '../../test/support/projects.js';
import { sharedProject } from '../../test/support/sharing.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();

const auditOf = (user: User, id: string) => auditTrail(env.t, user, id);
const rowOf = (id: string) =>
  env.db.db
    .selectFrom('tasks')
    .select(['title', 'status', 'deleted_at', 'version'])
    .where('id', '=', id)
    .executeTakeFirst();

describe('DELETE /api/tasks/:id', () => {
  it('moves the task to the trash: 204 without a body, its new version as ETag, the row kept, the deletion audited', async () => {
    const user = await signedInClient(env.t.app);
    const { body: task } = await user.post('/api/tasks', { title: 'Old idea', tags: ['maybe'] });
    env.t.clock.advance(30_000);
    const res = await user.delete(`/api/tasks/${task.id}`, { 'if-match': '"1"' });
    expect(res.status).toBe(204);
    expect(res.body).toBe('');
    expect(res.headers.get('etag')).toBe('"2"');
    // Soft: the row is there, in the trash, for a restore.
    expect(await rowOf(task.id)).toEqual({
      title: 'Old idea',
      status: 'pending',
      deleted_at: env.t.clock.now(),
      version: 2,
    });
    const [, deleted, ...more] = await auditOf(user, task.id);
    expect(more).toEqual([]);
    expect(deleted).toMatchObject({
      event_type: 'deleted',
      task_id: task.id,
      occurred_at: env.t.clock.now().toISOString(),
      task: { ...task, version: 2, updated_at: env.t.clock.now().toISOString() },
    });
  });

  it('answers 404 for a task already in the trash and writes no second deletion', async () => {
    const user = await signedInClient(env.t.app);
    const { body: task } = await user.post('/api/tasks', { title: 'Gone once' });
    expect((await user.delete(`/api/tasks/${task.id}`)).status).toBe(204);
    const deletedAt = (await rowOf(task.id))!.deleted_at;
    env.t.clock.advance(60_000);
    const again = await user.delete(`/api/tasks/${task.id}`);
    expect(again.status).toBe(404);
    expect(again.headers.get('content-type')).toBe('application/problem+json');
    expect(await rowOf(task.id)).toMatchObject({ deleted_at: deletedAt, version: 2 });
    expect((await auditOf(user, task.id)).map((e) => e.event_type)).toEqual(['created', 'deleted']);
  });

  it("lets an editor delete another member's task: gone for every member, the audit naming the editor", async () => {
    const { owner, member: editor, project } = await sharedProject(env.t.app, 'Kitchen');
    const { body: task } = await owner.post('/api/tasks', {
      title: 'Paint the wall',
      project_id: project.id,
    });
    expect((await editor.delete(`/api/tasks/${task.id}`)).status).toBe(204);
    for (const member of [owner, editor]) {
      expect((await member.get(`/api/tasks/${task.id}`)).status).toBe(404);
      expect((await member.get(`/api/tasks?project_id=${project.id}`)).body.items).toEqual([]);
    }
    expect((await auditOf(owner, task.id)).at(-1)).toMatchObject({
      event_type: 'deleted',
      actor: { id: editor.user.id, email: editor.email },
    });
  });

  it('refuses a malformed id or If-Match with 400, and a stale If-Match with 412, deleting nothing', async () => {
    const user = await signedInClient(env.t.app);
    const { body: task } = await user.post('/api/tasks', { title: 'Keep me' });
    const badId = await user.delete('/api/tasks/not-a-uuid');
    expect(badId.status).toBe(400);
    expect(badId.body.errors.map((e: { path: string }) => e.path)).toEqual(['path.id']);
    for (const bad of ['1', 'W/"1"', '"0"']) {
      const res = await user.delete(`/api/tasks/${task.id}`, { 'if-match': bad });
      expect(res.status, bad).toBe(400);
    }
    const stale = await user.delete(`/api/tasks/${task.id}`, { 'if-match': '"2"' });
    expect(stale.status).toBe(412);
    expect(stale.body.detail).toBe('The task is at version 1, not 2');
    expect((await user.get(`/api/tasks/${task.id}`)).body).toEqual(task);
    expect((await auditOf(user, task.id)).map((e) => e.event_type)).toEqual(['created']);
  });
});
