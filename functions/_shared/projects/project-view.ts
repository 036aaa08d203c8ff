import type { ProjectRow } from '../db/database.js';
import type { ProjectListRow } from '../db/projects.js';
import type { OutboxEntry } from '../db/outbox.js';
import {
  PROJECT_SOURCE,
  TOPICS,
  projectEventType,
  type ProjectEventName,
} from '../events/catalog.js';
import { outboxEvent, type EventBy } from '../events/outbox-event.js';
import type { ProjectCore, ProjectView } from '../schemas/project.js';

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/** A project as every member sees it, and as its events carry it. */
export function toProjectCore(row: ProjectRow): ProjectCore {
  return {
    id: row.id,
    name: row.name,
    color: row.color,
    is_inbox: row.is_inbox,
    owner_id: row.owner_id,
    archived_at: iso(row.archived_at),
    deleted_at: iso(row.deleted_at),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    version: row.version,
  };
}

/** A project as the API answers it to one member: with their role and position, and the counts. */
export function toProjectView(row: ProjectListRow): ProjectView {
  return {
    ...toProjectCore(row),
    role: row.role,
    position: row.position,
    open_count: row.open_count,
    overdue_count: row.overdue_count,
    member_count: row.member_count,
  };
}

/** The CloudEvent of a change to a project (topic project-events, keyed by the project, `userid` = who did it). */
export function projectEvent(
  name: ProjectEventName,
  project: ProjectCore,
  { actorId, eventId, at }: EventBy,
): Promise<OutboxEntry> {
  return outboxEvent({
    type: projectEventType(name),
    source: PROJECT_SOURCE,
    topic: TOPICS.projectEvents,
    subject: project.id,
    data: project,
    userId: actorId,
    projectId: project.id,
    eventId,
    at,
  });
}
