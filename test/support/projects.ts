import type { Role } from '../../functions/_shared/db/database.js';
import type { TestDb } from './test-db.js';
import type { signedInClient } from './client.js';

export type User = Awaited<ReturnType<typeof signedInClient>>;

/**
 * TEST SETUP, not the API: makes `user` a member of a project by writing the membership row directly
 * (accepted unless `pending`, last in their list), for testing a shared project's rules before the members API exists on
 * this branch. Nothing else (no event, no notification) is written.
 */
export async function addMemberDirectly(
  testDb: TestDb,
  projectId: string,
  user: User,
  role: Role,
  options: { pending?: boolean; invitedAt?: Date } = {},
): Promise<void> {
  const now = options.invitedAt ?? new Date();
  const userId = user.user.id as string;
  const last = await testDb.db
    .selectFrom('project_members')
    .select((eb) => eb.fn.max('position').as('max'))
    .where('user_id', '=', userId)
    .executeTakeFirst();
  await testDb.db
    .insertInto('project_members')
    .values({
      project_id: projectId,
      user_id: userId,
      role,
      invited_at: now,
      accepted_at: options.pending ? null : now,
      position: (last?.max ?? -1) + 1,
    })
    .execute();
}

/** The events written for a subject (a project or a task), oldest first: type, actor and project. */
export async function eventsAbout(testDb: TestDb, subject: string) {
  const rows = await testDb.db
    .selectFrom('outbox')
    .select(['event_type', 'event'])
    .where('partition_key', '=', subject)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    type: r.event_type,
    userid: r.event.userid,
    projectid: r.event.projectid,
    data: r.event.data as Record<string, unknown>,
  }));
}

/** A new project of `user`'s, answered as created. */
export async function newProject(user: User, name = 'Garden', color?: string) {
  const res = await user.post('/api/projects', color === undefined ? { name } : { name, color });
  if (res.status !== 201)
    throw new Error(`project creation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; version: number; name: string };
}
