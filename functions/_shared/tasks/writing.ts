import type { Deps } from '../deps.js';
import type { Tx } from '../db/database.js';
import type { EventBy } from '../events/outbox-event.js';
import type { RecordEvents } from '../events/write-with-events.js';

/**
 * A transaction at work, with who caused it: where changes and their events are written by code that
 * did not open it (a task's subtasks and next occurrence, the tasks a tag edit touches, a series'
 * occurrences).
 */
export interface Writing {
  tx: Tx;
  record: RecordEvents;
  ids: Deps['ids'];
  now: Date;
  /** Who caused the change (the events' `userid`). */
  actorId: string;
}

/** For the next event of a change made in `w`: who caused it, a new event id (each call its own), and when. */
export const nextEventBy = (w: Writing): EventBy => ({
  actorId: w.actorId,
  eventId: w.ids.next(),
  at: w.now,
});
