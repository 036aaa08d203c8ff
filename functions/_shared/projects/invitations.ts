import type { Tx } from '../db/database.js';
import {
  acceptInvitation,
  deleteMembership,
  invitationsOf,
  lockLiveProject,
  memberOf,
} from '../db/members.js';
import type { Deps } from '../deps.js';
import { notFound } from '../errors.js';
import { writeWithEvents } from '../events/write-with-events.js';
import type { MemberView, ProjectView } from '../schemas/project.js';
import { memberEvent, toMemberView } from './member-view.js';
import { readProject } from './read-projects.js';

/** GET /api/invitations: the caller's pending invitations to live projects. */
export async function listInvitations(
  deps: Pick<Deps, 'db'>,
  userId: string,
): Promise<MemberView[]> {
  return (await invitationsOf(deps.db, userId)).map(toMemberView);
}

/** The caller's pending invitation to a live project, with the project locked; 404 when there is none. */
async function pendingInvitation(tx: Tx, userId: string, projectId: string) {
  const invitation =
    (await lockLiveProject(tx, projectId)) && (await memberOf(tx, projectId, userId));
  if (!invitation || invitation.accepted_at !== null) throw notFound('Invitation not found');
  return invitation;
}

/** The invitee joins: access from the commit on, the project after their others in their own order. */
export async function acceptProjectInvitation(
  deps: Deps,
  userId: string,
  projectId: string,
): Promise<ProjectView> {
  return writeWithEvents(deps, async (tx, record) => {
    const invitation = await pendingInvitation(tx, userId, projectId);
    const now = deps.clock.now();
    await acceptInvitation(tx, projectId, userId, now);
    await record(
      await memberEvent('joined', toMemberView({ ...invitation, accepted_at: now }), {
        actorId: userId,
        eventId: deps.ids.next(),
        at: now,
      }),
    );
    return readProject(tx, userId, projectId, now);
  });
}

/** The invitee says no: the invitation is gone (an admin may invite them again). */
export async function declineProjectInvitation(
  deps: Deps,
  userId: string,
  projectId: string,
): Promise<void> {
  await writeWithEvents(deps, async (tx, record) => {
    const invitation = await pendingInvitation(tx, userId, projectId);
    await deleteMembership(tx, projectId, userId, true);
    await record(
      await memberEvent('declined', toMemberView(invitation), {
        actorId: userId,
        eventId: deps.ids.next(),
        at: deps.clock.now(),
      }),
    );
  });
}
