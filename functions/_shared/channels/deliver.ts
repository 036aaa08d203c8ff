import type { Deps } from '../deps.js';
import type { DeliveryChannel, DeliveryPayload, TellingKind, Tx } from '../db/database.js';
import { claimDue, insertDeliveries, settleDelivery } from '../db/deliveries.js';
import { contactOf } from '../db/notification-preferences.js';
import { wants } from './preferences.js';
import { quietUntil } from './quiet-hours.js';

export type DeliveryRow = NonNullable<Awaited<ReturnType<typeof claimDue>>>;

/** What one attempt came to. `retry`: it may pass (an outage, 429); `gone`: the target no longer exists; `failed`: it never will. */
export type SendResult =
  | { status: 'sent' }
  | { status: 'gone'; reason: string }
  | { status: 'retry'; reason: string; retryAfterMs?: number | undefined }
  | { status: 'failed'; reason: string };

export interface Sender {
  channel: DeliveryChannel;
  /** Sends one delivery (inside the transaction that holds its row). */
  send(row: DeliveryRow, tx: Tx): Promise<SendResult>;
}

const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 3_600_000;
const RETRY_AFTER_MAX_MS = 24 * 3_600_000;

/** The wait after the nth failed attempt: 30 s, 1 min, 2 min… at most an hour. */
export const backoffMs = (attempts: number) =>
  Math.min(BACKOFF_BASE_MS * 2 ** (attempts - 1), BACKOFF_MAX_MS);

/**
 * The decision, in the transaction of the event that asked for it: whether the user wants `kind` on
 * `channel`, and to which targets. Each is recorded in the ledger once (a redelivered event finds its
 * rows and adds none), due now, or held until the user's quiet hours end.
 */
export async function decide(
  tx: Tx,
  deps: Deps,
  d: {
    channel: DeliveryChannel;
    userId: string;
    kind: TellingKind;
    sourceId: string;
    payload: DeliveryPayload;
    targets: string[];
  },
): Promise<void> {
  if (d.targets.length === 0 || !(await wants(tx, d.userId, d.kind, d.channel))) return;
  const contact = await contactOf(tx, d.userId);
  if (!contact) return;
  const now = deps.clock.now();
  const held = await quietUntil(now, contact.timezone, contact.quiet_start, contact.quiet_end);
  await insertDeliveries(
    tx,
    d.targets.map((target) => ({
      id: deps.ids.next(),
      channel: d.channel,
      source_id: d.sourceId,
      target,
      user_id: d.userId,
      kind: d.kind,
      payload: d.payload,
      status: held ? ('held' as const) : ('pending' as const),
      next_attempt_at: held ?? now,
      reason: held ? 'quiet hours' : null,
      created_at: now,
    })),
  );
}

/**
 * Sends the channel's deliveries that are due, each in its own transaction that locks its row, sends,
 * and records the outcome: sent (once: the row is no longer due), gone, retried later (Retry-After, or
 * backoff) or, after DELIVERY_MAX_ATTEMPTS, dead with the reason. Answers how many went out.
 */
export async function sendDue(deps: Deps, sender: Sender, limit = 50): Promise<number> {
  let sent = 0;
  for (let i = 0; i < limit; i++) {
    const outcome = await deps.db.transaction().execute(async (tx) => {
      const now = deps.clock.now();
      const row = await claimDue(tx, sender.channel, now);
      if (!row) return null;
      const result = await sender
        .send(row, tx)
        .catch((err: unknown): SendResult => ({ status: 'retry', reason: (err as Error).message }));
      const attempts = row.attempts + 1;
      if (result.status === 'sent')
        await settleDelivery(tx, row.id, { status: 'sent', attempts, reason: null, sent_at: now });
      else if (result.status === 'gone')
        await settleDelivery(tx, row.id, { status: 'gone', attempts, reason: result.reason });
      else if (result.status === 'failed' || attempts >= deps.config.DELIVERY_MAX_ATTEMPTS) {
        await settleDelivery(tx, row.id, { status: 'dead', attempts, reason: result.reason });
        deps.logger.error(
          { delivery: row.id, channel: row.channel, attempts, reason: result.reason },
          'a delivery was given up on; it is kept as dead with its reason',
        );
      } else {
        const wait =
          result.retryAfterMs === undefined
            ? backoffMs(attempts)
            : Math.min(Math.max(result.retryAfterMs, 0), RETRY_AFTER_MAX_MS);
        await settleDelivery(tx, row.id, {
          status: 'pending',
          attempts,
          reason: result.reason,
          next_attempt_at: new Date(now.getTime() + wait),
        });
        deps.logger.warn(
          {
            delivery: row.id,
            channel: row.channel,
            attempts,
            reason: result.reason,
            retryInMs: wait,
          },
          'a delivery failed; it will be retried',
        );
      }
      return result.status;
    });
    if (outcome === null) break;
    if (outcome === 'sent') sent++;
  }
  return sent;
}

/** `Retry-After` (seconds, or an HTTP date) as a wait from `now`, or undefined when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now: Date): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(at - now.getTime(), 0);
}
