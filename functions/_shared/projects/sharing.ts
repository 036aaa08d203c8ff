import { authorize } from '../access/rule.js';
import { roleIn } from '../db/access.js';
import type { ProjectRow, Role, Tx } from '../db/database.js';
import {
  deleteMembership,
  insertInvitation,
  lockLiveTasksOfLeaving,
  memberOf,
  membersOf,
  unassignInTrash,
  untagInProject,
} from '../db/members.js';
import { lockProject, setRole } from '../db/projects.js';
import { findUserByEmail } from '../db/users.js';
import type { Deps } from '../deps.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { writeWithEvents } from '../events/write-with-events.js';
import type { InviteBody } from '../schemas/member.js';
import type { MemberView } from '../schemas/project.js';
import { changeAlong } from '../tasks/subtasks.js';
import { nextEventBy } from '../tasks/writing.js';
import { memberEvent, toMemberView } from './member-view.js';

/** The project, locked, if the user may do `action` with it (404 for a non-member, 403 for a role too low). */
async function projectFor(
  tx: Tx,
  userId: string,
  projectId: string,
  action: 'read' | 'manage',
): Promise<ProjectRow> {
  const project = await lockProject(tx, userId, projectId);
  const live = project?.deleted_at === null ? project : undefined;
  authorize(live?.role, action, 'Project');
  return live;
}

/** GET /api/projects/:id/members: accepted members and pending invitations, for any member. */
export async function listMembers(
  deps: Pick<Deps, 'db'>,
  userId: string,
  projectId: string,
): Promise<MemberView[]> {
  authorize(await roleIn(deps.db, userId, projectId), 'read', 'Project');
  return (await membersOf(deps.db, projectId)).map(toMemberView);
}

/** An admin invites an account by its email; the invitee is told through `member.invited` (the notifier). */
export async function inviteMember(
  deps: Deps,
  actorId: string,
  projectId: string,
  body: InviteBody,
): Promise<MemberView> {
  return writeWithEvents(deps, async (tx, record) => {
    const project = await projectFor(tx, actorId, projectId, 'manage');
    if (project.is_inbox) throw conflict('An Inbox is private: it cannot be shared');
    const invitee = await findUserByEmail(tx, body.email);
    if (!invitee)
      throw badRequest('No account has that email', [
        { path: 'email', message: 'No account has this email; they must sign up first' },
      ]);
    const now = deps.clock.now();
    const added = await insertInvitation(tx, {
      project_id: projectId,
      user_id: invitee.id,
      role: body.role,
      invited_by: actorId,
      invited_at: now,
    });
    if (!added) throw conflict('That account is already a member of the project, or invited to it');
    const member = toMemberView((await memberOf(tx, projectId, invitee.id))!);
    await record(
      await memberEvent('invited', member, { actorId, eventId: deps.ids.next(), at: now }),
    );
    return member;
  });
}

/** An admin changes a member's (or an invitation's) role; the owner's stays admin. */
export async function changeMemberRole(
  deps: Deps,
  actorId: string,
  projectId: string,
  userId: string,
  role: Role,
): Promise<MemberView> {
  return writeWithEvents(deps, async (tx, record) => {
    const project = await projectFor(tx, actorId, projectId, 'manage');
    const current = await memberOf(tx, projectId, userId);
    if (!current) throw notFound('Member not found');
    if (userId === project.owner_id && role !== current.role)
      throw conflict('The owner is always an admin; hand the project over first');
    if (role === current.role) return toMemberView(current);
    await setRole(tx, projectId, userId, role);
    const member = toMemberView({ ...current, role });
    await record(
      await memberEvent('changed', member, {
        actorId,
        eventId: deps.ids.next(),
        at: deps.clock.now(),
      }),
    );
    return member;
  });
}

/**
 * An admin removes a member or cancels an invitation; any member may remove themself (leave). The
 * owner stays. Access ends with the transaction: every read checks the membership, and the removed
 * member's live tasks in the project are unassigned, each with its `task.updated`.
 */
export async function removeMember(
  deps: Deps,
  actorId: string,
  projectId: string,
  userId: string,
): Promise<void> {
  await writeWithEvents(deps, async (tx, record) => {
    const project = await projectFor(
      tx,
      actorId,
      projectId,
      actorId === userId ? 'read' : 'manage',
    );
    const current = await memberOf(tx, projectId, userId);
    if (!current) throw notFound('Member not found');
    if (userId === project.owner_id)
      throw conflict('The owner cannot leave or be removed: hand the project over first');
    await deleteMembership(tx, projectId, userId);
    const now = deps.clock.now();
    const w = { tx, record, ids: deps.ids, now, actorId };
    const leaving = await lockLiveTasksOfLeaving(tx, projectId, userId);
    await untagInProject(tx, projectId, userId);
    for (const task of leaving)
      await changeAlong(
        w,
        task,
        'updated',
        task.assignee_id === userId ? { assignee_id: null } : {},
      );
    await unassignInTrash(tx, projectId, userId);
    await record(await memberEvent('removed', toMemberView(current), nextEventBy(w)));
  });
}
