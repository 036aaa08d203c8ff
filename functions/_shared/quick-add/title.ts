import { Temporal } from 'temporal-polyfill';
import type { RRule } from '../recurrence/rrule-text.js';
import type { QuickAddSpan } from '../schemas/quick-add.js';
import type { FoundDate } from './dates.js';

/** The text without the pieces read, its spaces collapsed and stray separators at its ends dropped. */
export function titleOf(text: string, spans: readonly QuickAddSpan[]): string {
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += `${text.slice(at, s.start)} `;
    at = s.end;
  }
  out += text.slice(at);
  return out
    .replace(/\s+/g, ' ')
    .replace(/\s+([,;:.!?]+)(?=\s|$)/g, '$1')
    .replace(/^[\s,;:–—-]+|[\s,;:–—-]+$/g, '');
}

/** A day without a time of day is due at its end: not overdue until the day is over. */
export const END_OF_DAY = Temporal.PlainTime.from('23:59');

/**
 * When the task is due. With a repeat rule and no day given ("every sunday", "every day at 9am"), the
 * first day the rule picks from today on, and not a time already past.
 */
export function dueOf(
  found: FoundDate | undefined,
  rule: RRule | null,
  timeZone: string,
  now: Temporal.Instant,
  firstDay: (
    rule: RRule,
    from: Temporal.PlainDate,
    accept: (d: Temporal.PlainDate) => boolean,
  ) => Temporal.PlainDate | null,
): { at: Date; hasTime: boolean } | null {
  const at = (day: Temporal.PlainDate, time: Temporal.PlainTime | null) =>
    new Date(day.toZonedDateTime({ timeZone, plainTime: time ?? END_OF_DAY }).epochMilliseconds);
  if (found && (!rule || !found.onlyTime)) {
    return {
      at: found.instant ? new Date(found.instant.epochMilliseconds) : at(found.date, found.time),
      hasTime: found.time !== null,
    };
  }
  if (!rule) return null;
  const time = found?.time ?? null;
  const today = now.toZonedDateTimeISO(timeZone).toPlainDate();
  const day = firstDay(rule, today, (d) => at(d, time).getTime() > now.epochMilliseconds);
  return day ? { at: at(day, time), hasTime: time !== null } : null;
}
