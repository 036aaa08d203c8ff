import type { Deps } from '../deps.js';
import type { Tx } from '../db/database.js';
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
