import type { Recurrence } from '../../lib/types.js';

export const WEEKDAYS = [
  ['mo', 'Mon'],
  ['tu', 'Tue'],
  ['we', 'Wed'],
  ['th', 'Thu'],
  ['fr', 'Fri'],
  ['sa', 'Sat'],
  ['su', 'Sun'],
] as const;

const UNIT = { daily: 'day', weekly: 'week', monthly: 'month', yearly: 'year' } as const;

/** "Every 2 weeks on Mon, Thu (from completion)". */
export function describeRecurrence(r: Omit<Recurrence, 'rrule'>): string {
  const unit = UNIT[r.frequency];
  let text = r.interval === 1 ? `Every ${unit}` : `Every ${r.interval} ${unit}s`;
  if (r.frequency === 'weekly' && r.weekdays?.length) {
    text += ` on ${WEEKDAYS.filter(([d]) => r.weekdays!.includes(d))
      .map(([, name]) => name)
      .join(', ')}`;
  }
  return r.from === 'completion' ? `${text} (from completion)` : text;
}
