import { sql } from 'kysely';
import type { Executor, ProjectRow, Role, TaskRow } from './database.js';

// Projects' own data. Who may read a project is the access rule's (access.ts); these take its answer.

export async function insertProject(
  db: Executor,
  row: Pick<ProjectRow, 'id' | 'owner_id' | 'name' | 'color' | 'created_at' | 'updated_at'>,
): Promise<ProjectRow> {
  return db.insertInto('projects').values(row).returningAll().executeTakeFirstOrThrow();
}

/** The owner's membership: an accepted admin, placed after their last project. */
export async function insertOwnerMembership(
  db: Executor,
  projectId: string,
  userId: string,
  at: Date,
): Promise<void> {
  await db
    .insertInto('project_members')
    .values({
      project_id: projectId,
      user_id: userId,
      role: 'admin',
      invited_at: at,
      accepted_at: at,
      position: sql<number>`(select coalesce(max(position) + 1, 0) from project_members where user_id = ${userId})`,
    })
    .execute();
}

/** A project (live or in the trash), locked, with the user's role in it; undefined when they are not an accepted member. */
export async function lockProject(
  db: Executor,
  userId: string,
  id: string,
): Promise<(ProjectRow & { role: Role }) | undefined> {
  return db
    .selectFrom('projects as p')
    .innerJoin('project_members as pm', (join) =>
      join.onRef('pm.project_id', '=', 'p.id').on('pm.user_id', '=', userId),
    )
    .selectAll('p')
    .select('pm.role')
    .where('p.id', '=', id)
    .where('pm.accepted_at', 'is not', null)
    .forUpdate(['p'])
    .executeTakeFirst();
}

export async function updateProjectRow(
  db: Executor,
  id: string,
  changes: Partial<Omit<ProjectRow, 'id' | 'is_inbox' | 'created_at'>>,
): Promise<ProjectRow> {
  return db
    .updateTable('projects')
    .set(changes)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Sets the member's own place for the project in their list. */
export async function setPosition(
  db: Executor,
  projectId: string,
  userId: string,
  position: number,
): Promise<void> {
  await db
    .updateTable('project_members')
    .set({ position })
    .where('project_id', '=', projectId)
    .where('user_id', '=', userId)
    .execute();
}

/** The member's role once they have accepted; null when they are not a member or only invited. */
export async function acceptedRole(
  db: Executor,
  projectId: string,
  userId: string,
): Promise<Role | null> {
  const row = await db
    .selectFrom('project_members')
    .select(['role', 'accepted_at'])
    .where('project_id', '=', projectId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.accepted_at == null ? null : row.role;
}

export async function setRole(
  db: Executor,
  projectId: string,
  userId: string,
  role: Role,
): Promise<void> {
  await db
    .updateTable('project_members')
    .set({ role })
    .where('project_id', '=', projectId)
    .where('user_id', '=', userId)
    .execute();
}

/** The live tasks of a project that are not subtasks, locked in id order: a project's deletion takes them (and theirs). */
export async function lockLiveTopTasks(db: Executor, projectId: string): Promise<TaskRow[]> {
  return db
    .selectFrom('tasks')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('deleted_at', 'is', null)
    .where('parent_id', 'is', null)
    .orderBy('id')
    .forUpdate()
    .execute();
}

/** The tasks a project's deletion took to the trash, locked in id order. */
export async function lockTasksDeletedWith(db: Executor, projectId: string): Promise<TaskRow[]> {
  return db
    .selectFrom('tasks')
    .selectAll()
    .where('deleted_with', '=', projectId)
    .orderBy('id')
    .forUpdate()
    .execute();
}

export interface ProjectListing {
  userId: string;
  now: Date;
  /** One project (archived or not, never one in the trash). */
  projectId?: string;
  /** Archived projects too. */
  archived?: boolean;
}

/**
 * The user's accepted memberships of live projects, with their role and position and each project's
 * open, overdue and member counts, in the user's order (position, then age).
 */
export async function listProjectRows(db: Executor, q: ProjectListing) {
  let query = db
    .selectFrom('project_members as pm')
    .innerJoin('projects as p', 'p.id', 'pm.project_id')
    .selectAll('p')
    .select(['pm.role', 'pm.position'])
    .select(
      sql<number>`(select count(*)::int from tasks t where t.project_id = p.id and t.deleted_at is null and t.status = 'pending')`.as(
        'open_count',
      ),
    )
    .select(
      sql<number>`(select count(*)::int from tasks t where t.project_id = p.id and t.deleted_at is null and t.status = 'pending' and t.due_at < ${q.now})`.as(
        'overdue_count',
      ),
    )
    .select(
      sql<number>`(select count(*)::int from project_members m where m.project_id = p.id and m.accepted_at is not null)`.as(
        'member_count',
      ),
    )
    .where('pm.user_id', '=', q.userId)
    .where('pm.accepted_at', 'is not', null)
    .where('p.deleted_at', 'is', null);
  if (q.projectId !== undefined) query = query.where('p.id', '=', q.projectId);
  else if (!q.archived) query = query.where('p.archived_at', 'is', null);
  return query.orderBy('pm.position').orderBy('p.created_at').orderBy('p.id').execute();
}
export type ProjectListRow = Awaited<ReturnType<typeof listProjectRows>>[number];
