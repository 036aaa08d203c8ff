import type { Successor } from './api.js';

const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/**
 * What to tell the user after reopening a task, about the occurrence its completion had created:
 * nothing when there was none or it was withdrawn with the reopen (or the server does not say), a
 * sentence when it stays because the user had changed it.
 */
export function successorNotice(
  successor: Successor | null | undefined,
  dueAt: string | null | undefined,
): string | null {
  if (!successor || successor.outcome !== 'kept') return null;
  return dueAt
    ? `The next occurrence (${day.format(new Date(dueAt))}) stays: it was changed`
    : 'The next occurrence stays: it was changed';
}
