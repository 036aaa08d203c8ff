import type { Executor } from './database.js';

/** What quick add reads a line against: the user's time zone and live, unarchived projects with their role (none for no user). */
export async function quickAddContext(db: Executor, userId: string) {
  const [user, projects] = await Promise.all([
    db.selectFrom('users').select('timezone').where('id', '=', userId).executeTakeFirst(),
    db
      .selectFrom('project_members as pm')
      .innerJoin('projects as p', 'p.id', 'pm.project_id')
      .select(['p.id', 'p.name', 'p.is_inbox', 'pm.role'])
      .where('pm.user_id', '=', userId)
      .where('pm.accepted_at', 'is not', null)
      .where('p.deleted_at', 'is', null)
      .where('p.archived_at', 'is', null)
      .execute(),
  ]);
  return user ? { timeZone: user.timezone, projects } : undefined;
}
