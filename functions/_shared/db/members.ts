import { sql } from 'kysely';
import type { Executor, MemberRow, ProjectRow, Role, TaskRow, Tx } from './database.js';

// A project's members and invitations (the access rule reads them through access.ts).

/** A membership with what a Member answer needs: the project's name and the member's email and name. */
export type MemberRecord = MemberRow & { project_name: string; email: string; name: string | null };

function membersQuery(db: Executor) {
  return db
    .selectFrom('project_members as pm')
    .innerJoin('projects as p', 'p.id', 'pm.project_id')
    .innerJoin('users as u', 'u.id', 'pm.user_id')
    .selectAll('pm')
    .select(['p.name as project_name', 'u.email', 'u.name']);
}

/** A project's accepted members and pending invitations: members first, each group in the order they came. */
export async function membersOf(db: Executor, projectId: string): Promise<MemberRecord[]> {
  return membersQuery(db)
    .where('pm.project_id', '=', projectId)
    .orderBy(sql`pm.accepted_at is null`)
    .orderBy('pm.invited_at')
    .orderBy('pm.user_id')
    .execute();
}

/** One membership (or invitation) of a project, or undefined. */
export async function memberOf(
  db: Executor,
  projectId: string,
  userId: string,
): Promise<MemberRecord | undefined> {
  return membersQuery(db)
    .where('pm.project_id', '=', projectId)
    .where('pm.user_id', '=', userId)
    .executeTakeFirst();
}

/** The user's pending invitations to live projects, newest first. */
export async function invitationsOf(db: Executor, userId: string): Promise<MemberRecord[]> {
  return membersQuery(db)
    .where('pm.user_id', '=', userId)
    .where('pm.accepted_at', 'is', null)
    .where('p.deleted_at', 'is', null)
    .orderBy('pm.invited_at', 'desc')
    .orderBy('pm.project_id')
    .execute();
}

/**
 * The live project, locked for the rest of the transaction: membership changes of one project queue
 * up behind each other (two admins removing each other cannot both succeed half-way).
 */
export async function lockLiveProject(tx: Tx, projectId: string): Promise<ProjectRow | undefined> {
  return tx
    .selectFrom('projects')
    .selectAll()
    .where('id', '=', projectId)
    .where('deleted_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
}

/** Adds a pending invitation; undefined when the user is already a member or invited. */
export async function insertInvitation(
  tx: Tx,
  invitation: {
    project_id: string;
    user_id: string;
    role: Role;
    invited_by: string;
    invited_at: Date;
  },
): Promise<MemberRow | undefined> {
  return tx
    .insertInto('project_members')
    .values({ ...invitation, accepted_at: null })
    .onConflict((oc) => oc.columns(['project_id', 'user_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** Accepts a pending invitation: the project goes after the user's other projects in their own order. Whether there was one. */
export async function acceptInvitation(
  tx: Tx,
  projectId: string,
  userId: string,
  at: Date,
): Promise<boolean> {
  const last = tx
    .selectFrom('project_members')
    .select(sql<number>`coalesce(max(position) + 1, 0)`.as('next'))
    .where('user_id', '=', userId);
  const { numUpdatedRows } = await tx
    .updateTable('project_members')
    .set({ accepted_at: at, position: last })
    .where('project_id', '=', projectId)
    .where('user_id', '=', userId)
    .where('accepted_at', 'is', null)
    .executeTakeFirst();
  return numUpdatedRows > 0n;
}

/** Deletes a membership or invitation; whether there was one. */
export async function deleteMembership(
  tx: Tx,
  projectId: string,
  userId: string,
  pendingOnly = false,
): Promise<boolean> {
  let query = tx
    .deleteFrom('project_members')
    .where('project_id', '=', projectId)
    .where('user_id', '=', userId);
  if (pendingOnly) query = query.where('accepted_at', 'is', null);
  const { numDeletedRows } = await query.executeTakeFirst();
  return numDeletedRows > 0n;
}

/**
 * The project's live tasks a leaving member is on, locked in id order: those assigned to them, and those
 * carrying one of their tags. Each changes when they leave (unassigned, untagged), one event each.
 */
export async function lockLiveTasksOfLeaving(
  tx: Tx,
  projectId: string,
  userId: string,
): Promise<TaskRow[]> {
  return tx
    .selectFrom('tasks')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('deleted_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('assignee_id', '=', userId),
        eb.exists(
          eb
            .selectFrom('task_tags as tt')
            .innerJoin('tags as g', 'g.id', 'tt.tag_id')
            .select('tt.task_id')
            .whereRef('tt.task_id', '=', 'tasks.id')
            .where('g.user_id', '=', userId),
        ),
      ]),
    )
    .orderBy('id')
    .forUpdate()
    .execute();
}

/**
 * Takes the user's tags off every task of the project, those in the trash too: a tag is its owner's, and
 * one who left must not change the project's tasks by renaming or deleting it.
 */
export async function untagInProject(tx: Tx, projectId: string, userId: string): Promise<void> {
  await tx
    .deleteFrom('task_tags')
    .where('tag_id', 'in', (eb) => eb.selectFrom('tags').select('id').where('user_id', '=', userId))
    .where('task_id', 'in', (eb) =>
      eb.selectFrom('tasks').select('id').where('project_id', '=', projectId),
    )
    .execute();
}

/**
 * Clears the user as assignee of the project's tasks in the trash: nobody is told (no member sees the
 * trash live), but one restored later comes back without an assignee who is no longer a member.
 */
export async function unassignInTrash(tx: Tx, projectId: string, userId: string): Promise<void> {
  await tx
    .updateTable('tasks')
    .set({ assignee_id: null })
    .where('project_id', '=', projectId)
    .where('assignee_id', '=', userId)
    .where('deleted_at', 'is not', null)
    .execute();
}
