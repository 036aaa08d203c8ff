import type { MemberRecord } from '../db/members.js';
import type { OutboxEntry } from '../db/outbox.js';
import {
  memberEventType,
  PROJECT_SOURCE,
  TOPICS,
  type MemberEventName,
} from '../events/catalog.js';
import { outboxEvent, type EventBy } from '../events/outbox-event.js';
import type { MemberView } from '../schemas/project.js';

/** A membership as the API answers it and member events carry it. */
export function toMemberView(r: MemberRecord): MemberView {
  return {
    project_id: r.project_id,
    project_name: r.project_name,
    user_id: r.user_id,
    email: r.email,
    name: r.name,
    role: r.role,
    status: r.accepted_at === null ? 'invited' : 'active',
    invited_by: r.invited_by,
    invited_at: r.invited_at.toISOString(),
    accepted_at: r.accepted_at === null ? null : r.accepted_at.toISOString(),
  };
}

/**
 * The event of a membership change (topic `project-events`, keyed by the project so one project's
 * events stay in order): the membership as it is after the change (as it was, when it is gone).
 */
export function memberEvent(
  name: MemberEventName,
  member: MemberView,
  { actorId, eventId, at }: EventBy,
): Promise<OutboxEntry> {
  return outboxEvent({
    type: memberEventType(name),
    source: PROJECT_SOURCE,
    topic: TOPICS.projectEvents,
    subject: member.project_id,
    data: member,
    userId: actorId,
    projectId: member.project_id,
    eventId,
    at,
  });
}
