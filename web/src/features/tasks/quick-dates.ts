import { toLocalInput } from '../../lib/time.js';

const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

export const QUICK_DATES = ['Today', 'Tomorrow', 'Next week', 'No date'] as const;
export type QuickDate = (typeof QUICK_DATES)[number];

/**
 * A due date (datetime-local, this browser's zone) from a quick choice: today, tomorrow, or next
 * Monday, at the time already set (else at the end of the day, 23:59); '' for No date.
 */
export function quickDue(choice: QuickDate, current: string, now = new Date()): string {
  if (choice === 'No date') return '';
  const d = new Date(now);
  if (choice === 'Tomorrow') d.setDate(d.getDate() + 1);
  if (choice === 'Next week') d.setDate(d.getDate() + ((8 - d.getDay()) % 7 || 7));
  return `${dayOf(d)}T${/T(\d\d:\d\d)$/.exec(current)?.[1] ?? '23:59'}`;
}

export const REMINDERS = [
  ['At due', 0],
  ['10 min before', 10],
  ['1 h before', 60],
  ['1 day before', 1440],
] as const;

/** A reminder `minutes` before a due date (both datetime-local); '' without a due date. */
export function remindBefore(due: string, minutes: number): string {
  if (!due) return '';
  return toLocalInput(new Date(new Date(due).getTime() - minutes * 60_000).toISOString());
}
