import type { Deps } from '../deps.js';
import type { Tx } from '../db/database.js';
import type { EventBy } from '../events/outbox-event.js';
import type { RecordEvents } from '../events/write-with-events.js';

/** A transaction at work: where changes made on a task's behalf (its subtasks, its next occurrence) are written, with their events. */
export interface Writing {
  tx: Tx;
  record: RecordEvents;
  ids: Deps['ids'];
  now: Date;
  /** Who caused the change (the events' `userid`). */
  actorId: string;
}

/** Who, with a new event id, and when: for the event of a change made in `w`. */
export const eventBy = (w: Writing): EventBy => ({
  actorId: w.actorId,
  eventId: w.ids.next(),
  at: w.now,
});
