import { allows, ROLES, type Action } from '../access/rule.js';
import type { Expression } from 'kysely';
import type { Executor, Role } from './database.js';

// The access rule's data (the rule itself: access/rule.ts): a user's memberships, read the same way
// by every query that returns or changes what belongs to a project.

/** The rule's one reading of membership: the user's accepted memberships (pm) of live projects (p). */
function memberships(db: Executor, userId: string | Expression<string>) {
  return db
    .selectFrom('project_members as pm')
    .innerJoin('projects as p', 'p.id', 'pm.project_id')
    .where('pm.user_id', '=', userId)
    .where('pm.accepted_at', 'is not', null)
    .where('p.deleted_at', 'is', null);
}

/** Options of `readableProjects`. */
export interface ProjectScope {
  /** Only this project (still only if the user may read it). */
  projectId?: string | undefined;
  /** Archived projects too (a project named by `projectId` is always included). */
  archived?: boolean;
}

/**
 * The ids of the live projects the user is an accepted member of: the set every list of tasks,
 * audit entries or stream entries is drawn from. A subquery, for use inside other queries.
 */
export function readableProjects(
  db: Executor,
  userId: string | Expression<string>,
  scope: ProjectScope = {},
) {
  let query = memberships(db, userId).select('pm.project_id');
  if (scope.projectId !== undefined) query = query.where('pm.project_id', '=', scope.projectId);
  else if (!scope.archived) query = query.where('p.archived_at', 'is', null);
  return query;
}

/** The user's role in each live project (archived ones too) they are an accepted member of: a subquery to join. */
export function memberRoles(db: Executor, userId: string) {
  return memberships(db, userId).select(['pm.project_id', 'pm.role']);
}

/** The live projects (archived ones too) where the user's role allows `action`: the rule, as a subquery. */
export function projectsWhereAllowed(db: Executor, userId: string, action: Action) {
  return memberships(db, userId)
    .select('pm.project_id')
    .where(
      'pm.role',
      'in',
      ROLES.filter((role) => allows(role, action)),
    );
}

/**
 * The user's role in a live project, or null when they are not an accepted member (or it is gone).
 * With `hold`, inside a transaction that puts something in the project (a task, an assignee), the
 * project and the membership are key-share locked until it commits: a deletion of the project or a
 * removal of the member running at the same moment waits for it, or, if first, is seen here.
 */
export async function roleIn(
  db: Executor,
  userId: string,
  projectId: string,
  options: { hold?: boolean } = {},
): Promise<Role | null> {
  const query = memberships(db, userId).select('pm.role').where('pm.project_id', '=', projectId);
  const row = await (options.hold ? query.forKeyShare(['pm', 'p']) : query).executeTakeFirst();
  return row?.role ?? null;
}

/** The owner of a live project, or undefined. */
export async function ownerOf(db: Executor, projectId: string): Promise<string | undefined> {
  return (
    await db
      .selectFrom('projects')
      .select('owner_id')
      .where('id', '=', projectId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst()
  )?.owner_id;
}

/**
 * The user's Inbox and their role in it (null: no longer its member), as roleIn reads a role, `hold`
 * key-share locking both rows: where what is created without a project goes, found and checked in one
 * statement.
 */
async function inboxRole(
  db: Executor,
  userId: string,
  options: { hold?: boolean } = {},
): Promise<{ projectId: string; role: Role | null }> {
  const query = placeQuery(db, userId, undefined);
  const row = await (options.hold ? query.forKeyShare(['pm', 'p']) : query).executeTakeFirst();
  return { projectId: row?.project_id ?? '', role: row?.role ?? null };
}

/** The project asked for, or the user's Inbox when none was, and the user's role in it: a row, none if they are not its member. */
function placeQuery(db: Executor, userId: string, projectId: string | undefined) {
  const query = memberships(db, userId).select(['pm.project_id', 'pm.role']);
  return projectId === undefined
    ? query.where('p.owner_id', '=', userId).where('p.is_inbox', '=', true)
    : query.where('pm.project_id', '=', projectId);
}

/**
 * placeRole, held (the membership and the project key-share locked), as a subquery: for a statement
 * that puts something there in the same breath (db/tasks.ts, insertTaskAtOnce).
 */
export function heldPlace(db: Executor, userId: string, projectId: string | undefined) {
  return placeQuery(db, userId, projectId).forKeyShare(['pm', 'p']);
}

/**
 * The project asked for, or the user's Inbox when none was, with the user's role in it (null: not a
 * member): where something new goes. `hold` as for roleIn.
 */
export async function placeRole(
  db: Executor,
  userId: string,
  projectId: string | undefined,
  options: { hold?: boolean } = {},
): Promise<{ projectId: string; role: Role | null }> {
  if (projectId === undefined) return inboxRole(db, userId, options);
  return { projectId, role: await roleIn(db, userId, projectId, options) };
}

/**
 * The project a task is in, key-share locked, as a subquery for the statement that locks the task
 * (db/tasks.ts): every transaction that changes a project's tasks takes the project first (a project's
 * deletion or a member's removal locks it for update, then its tasks), so the two never wait for each
 * other in opposite orders. Referenced only through an uncorrelated EXISTS, PostgreSQL runs it once,
 * as a one-time filter, before the scan whose rows that statement locks: the project is still first.
 */
export function projectOfTaskHeld(db: Executor, taskId: string) {
  return db
    .selectFrom('projects')
    .select('id')
    .where('id', '=', (eb) =>
      eb.selectFrom('tasks').select('project_id').where('tasks.id', '=', taskId),
    )
    .forKeyShare();
}
