import { AsyncLocalStorage } from 'node:async_hooks';
import type { ControlledTransaction } from 'kysely';
import type { Database } from '../db/database.js';
import type { OutboxEntry } from '../db/outbox.js';
import { Problem } from '../errors.js';

/**
 * A request made with an `Idempotency-Key`: its change, the key and the answer commit in one
 * transaction. The first change the request writes opens that transaction and claims the key in it;
 * every later one joins it; the idempotency middleware saves the answer into it and commits.
 */
export interface KeyedRequest {
  userId: string;
  key: string;
  fingerprint: string;
  now: Date;
  /** Keys older than this are expired: claimed afresh. */
  since: Date;
  /** Open once the request has written; committed or rolled back by the middleware. */
  trx?: ControlledTransaction<Database> | undefined;
  /** Events written in it: published after the commit. */
  written: OutboxEntry[];
}

export const keyedRequests = new AsyncLocalStorage<KeyedRequest>();

/**
 * Another request with the same key committed first (its answer is the answer), or is still running
 * (409, as the IETF draft has it). The idempotency middleware replays the first when it can.
 */
export class KeyTaken extends Problem {
  constructor() {
    super(409, {
      title: 'Conflict',
      detail: 'A request with this Idempotency-Key is in progress; retry it shortly',
      headers: { 'Retry-After': '1' },
    });
  }
}
