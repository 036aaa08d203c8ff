import * as z from 'zod';
import type { Deps } from '../deps.js';
import { publicUrl } from './content.js';

const CONTEXT = 'one-click unsubscribe';
const Position = z.object({
  u: z.uuid(),
  k: z.enum(['reminder', 'invitation', 'assigned', 'agenda']),
});
export type Unsubscription = { userId: string; kind: z.infer<typeof Position>['k'] };

/**
 * The one-click unsubscribe URL of a kind of mail for a user (RFC 8058): the user and kind sealed with
 * an HMAC keyed from the service secret, so the link needs no sign-in and cannot be made for another.
 */
export function unsubscribeUrl(deps: Pick<Deps, 'cursors' | 'config'>, u: Unsubscription): string {
  return `${publicUrl(deps.config)}/api/unsubscribe?token=${deps.cursors.seal({ u: u.userId, k: u.kind }, CONTEXT)}`;
}

/** Who and what a token unsubscribes, or null for one we did not issue. */
export function openUnsubscribe(deps: Pick<Deps, 'cursors'>, token: string): Unsubscription | null {
  const parsed = Position.safeParse(deps.cursors.open(token, CONTEXT));
  return parsed.success ? { userId: parsed.data.u, kind: parsed.data.k } : null;
}
