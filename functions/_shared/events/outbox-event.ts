import type { OutboxEntry } from '../db/outbox.js';
import { cloudevents } from './cloudevents-sdk.js';

export interface OutboxEventInit<T> {
  type: string;
  source: string;
  topic: string;
  /** What the event is about (a task id): its subject and partition key, so its events stay in order. */
  subject: string;
  data: T;
  /** Who did it (the `userid` extension): the actor of a change, the user a system event is for. */
  userId: string;
  /** The project it belongs to (the `projectid` extension), for events about a project's task or the project. */
  projectId?: string | undefined;
  /** The project a task just left (the `movedfrom` extension): its members hear of the move too. */
  movedFrom?: string | undefined;
  eventId: string;
  at: Date;
}

/** Who made a change (the actor), and the id and time its event carries. */
export interface EventBy {
  actorId: string;
  eventId: string;
  at: Date;
}

/**
 * A CloudEvent ready for the outbox. `partitionkey` keeps one subject's events in order on one
 * partition; `userid` (who did it) and `projectid` (where) let a consumer scope its effect without
 * trusting the data.
 */
export async function outboxEvent<T>(init: OutboxEventInit<T>): Promise<OutboxEntry> {
  const { CloudEvent } = await cloudevents();
  const event = new CloudEvent<T>({
    specversion: '1.0',
    id: init.eventId,
    source: init.source,
    type: init.type,
    subject: init.subject,
    time: init.at.toISOString(),
    datacontenttype: 'application/json',
    data: init.data,
    partitionkey: init.subject,
    userid: init.userId,
    ...(init.projectId === undefined ? {} : { projectid: init.projectId }),
    ...(init.movedFrom === undefined ? {} : { movedfrom: init.movedFrom }),
  });
  return {
    eventId: init.eventId,
    topic: init.topic,
    partitionKey: init.subject,
    eventType: event.type,
    event: event.toJSON(),
    createdAt: init.at,
  };
}
