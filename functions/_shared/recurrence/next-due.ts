import type { Temporal } from 'temporal-polyfill';
import type { StoredRecurrence } from '../schemas/recurrence.js';
import { Occurrences } from './occurrences.js';
import { ruleOf } from './rule.js';

// Loaded on first use: only the recurrence consumer computes dates, and no function should pay for
// the Temporal polyfill at start.
let loading: Promise<typeof Temporal> | undefined;
const temporal = () => (loading ??= import('temporal-polyfill').then((mod) => mod.Temporal));

export interface Occurrence {
  rule: StoredRecurrence;
  /**
   * The series' first due date. Its local time of day, day of month and month are what every
   * occurrence aims for: a task due Jan 31 monthly falls on Feb 28 (or 29), then Mar 31 again.
   */
  anchor: Date;
  /** The due date of the occurrence just completed. */
  due: Date;
  completedAt: Date;
  /** The user's IANA time zone: 09:00 there stays 09:00 across daylight-saving changes. */
  timeZone: string;
}

const WEEKDAY_NUMBER = { mo: 1, tu: 2, we: 3, th: 4, fr: 5, sa: 6, su: 7 } as const;

/**
 * The due date of the next occurrence, or null when the rule has ended (COUNT, UNTIL). `from: "due"`:
 * the rule's first occurrence (its RRULE, computed by rrule-temporal from the series' first due date)
 * after both the completed occurrence's due date and its completion, so an overdue task does not
 * spawn a backlog of past occurrences. `from: "completion"`: `interval` units after the day it was
 * completed, at the series' time of day.
 */
export async function nextDue(o: Occurrence): Promise<Date | null> {
  if (o.rule.from === 'completion') return fromCompletion(o);
  const occurrences = await Occurrences.of({
    rule: ruleOf(o.rule),
    start: o.anchor,
    timeZone: o.timeZone,
  });
  return occurrences.next(new Date(Math.max(o.due.getTime(), o.completedAt.getTime())));
}

async function fromCompletion(o: Occurrence): Promise<Date> {
  const T = await temporal();
  const anchor = T.Instant.fromEpochMilliseconds(o.anchor.getTime()).toZonedDateTimeISO(o.timeZone);
  const at = (date: Temporal.PlainDate) =>
    date.toZonedDateTime({ timeZone: o.timeZone, plainTime: anchor.toPlainTime() });
  const { frequency, interval, weekdays } = o.rule;
  const done = T.Instant.fromEpochMilliseconds(o.completedAt.getTime())
    .toZonedDateTimeISO(o.timeZone)
    .toPlainDate();
  if (frequency === 'weekly' && weekdays) {
    // The first chosen weekday after the completion day, `interval - 1` weeks on.
    const from = done.add({ weeks: interval - 1 });
    for (let day = 1; day <= 7; day++) {
      const date = from.add({ days: day });
      if (weekdays.some((w) => WEEKDAY_NUMBER[w] === date.dayOfWeek))
        return new Date(at(date).epochMilliseconds);
    }
  }
  const unit = { daily: 'days', weekly: 'weeks', monthly: 'months', yearly: 'years' } as const;
  return new Date(at(done.add({ [unit[frequency]]: interval })).epochMilliseconds);
}
