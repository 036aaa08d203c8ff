import type { Temporal } from 'temporal-polyfill';
import type { Recurrence } from '../schemas/task.js';

// Loaded on first use: only the recurrence consumer computes dates, and no function should pay for
// the Temporal polyfill at start.
let loading: Promise<typeof Temporal> | undefined;
const temporal = () => (loading ??= import('temporal-polyfill').then((mod) => mod.Temporal));

export interface Occurrence {
  rule: Recurrence;
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
 * The due date of the next occurrence. `from: "due"`: the first date of the series after both the
 * completed occurrence's due date and its completion, so an overdue task does not spawn a backlog of
 * past occurrences. `from: "completion"`: `interval` units after the day it was completed, at the
 * series' time of day.
 */
export async function nextDue(o: Occurrence): Promise<Date> {
  const T = await temporal();
  const anchor = T.Instant.fromEpochMilliseconds(o.anchor.getTime()).toZonedDateTimeISO(o.timeZone);
  const at = (date: Temporal.PlainDate) => date.toZonedDateTime({ timeZone: o.timeZone, plainTime: anchor.toPlainTime() });
  const { frequency, interval, weekdays } = o.rule;

  if (o.rule.from === 'completion') {
    const done = T.Instant.fromEpochMilliseconds(o.completedAt.getTime()).toZonedDateTimeISO(o.timeZone).toPlainDate();
    if (frequency === 'weekly' && weekdays) {
      // The first chosen weekday after the completion day, `interval - 1` weeks on.
      const from = done.add({ weeks: interval - 1 });
      for (let day = 1; day <= 7; day++) {
        const date = from.add({ days: day });
        if (weekdays.some((w) => WEEKDAY_NUMBER[w] === date.dayOfWeek)) return new Date(at(date).epochMilliseconds);
      }
    }
    const unit = { daily: 'days', weekly: 'weeks', monthly: 'months', yearly: 'years' } as const;
    return new Date(at(done.add({ [unit[frequency]]: interval })).epochMilliseconds);
  }

  const after = Math.max(o.due.getTime(), o.completedAt.getTime());
  const later = (zdt: Temporal.ZonedDateTime) => zdt.epochMilliseconds > after;
  const afterDate = T.Instant.fromEpochMilliseconds(after).toZonedDateTimeISO(o.timeZone).toPlainDate();
  const start = anchor.toPlainDate();

  if (frequency === 'weekly' && weekdays) {
    // Weeks of the series start on the anchor's Monday and come every `interval` weeks.
    const monday = start.subtract({ days: start.dayOfWeek - 1 });
    const weeksSince = Math.max(0, Math.floor(monday.until(afterDate, { largestUnit: 'days' }).days / 7));
    for (let week = Math.floor(weeksSince / interval); ; week++) {
      for (const w of weekdays) {
        const zdt = at(monday.add({ weeks: week * interval, days: WEEKDAY_NUMBER[w] - 1 }));
        if (later(zdt) && zdt.epochMilliseconds >= anchor.epochMilliseconds) return new Date(zdt.epochMilliseconds);
      }
    }
  }

  // Occurrence k is the anchor plus k intervals, counted from the anchor each time (never from the
  // previous occurrence, which may have been cut short at a month's end).
  const unit = { daily: 'days', weekly: 'weeks', monthly: 'months', yearly: 'years' } as const;
  const whole = Math.max(0, start.until(afterDate, { largestUnit: unit[frequency] })[unit[frequency]]);
  for (let k = Math.max(1, Math.floor(whole / interval)); ; k++) {
    const zdt = at(start.add({ [unit[frequency]]: k * interval }));
    if (later(zdt)) return new Date(zdt.epochMilliseconds);
  }
}
