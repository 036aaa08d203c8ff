import * as chrono from 'chrono-node';
import { Temporal } from 'temporal-polyfill';

export interface FoundDate {
  start: number;
  end: number;
  /** The day, in the user's zone. */
  date: Temporal.PlainDate;
  /** The time of day, when the words gave one ("6pm", "tonight", "in 3 hours"). */
  time: Temporal.PlainTime | null;
  /** An exact instant, when the words fixed one ("in 3 hours", "6pm UTC"). */
  instant: Temporal.Instant | null;
  /** Only a time of day ("6pm"): the day was chrono's choice (today, or tomorrow once it is past). */
  onlyTime: boolean;
}

const casual = chrono.casual.clone();
/** Times of day that chrono implies rather than knows: "tomorrow morning" has a time all the same (ours: 9, 14, 19, 20 h). */
const CASUAL_TIMES = /^casualReference\/(morning|afternoon|evening|tonight|noon|midnight)$/;
const CASUAL_HOURS: Record<string, number> = {
  morning: 9,
  afternoon: 14,
  evening: 19,
  tonight: 20,
};
const casualHour = (tags: Set<string>) =>
  [...tags]
    .map((t) => CASUAL_HOURS[t.slice('casualReference/'.length)])
    .find((h) => h !== undefined);
/** A word before a date that belongs to it: "submit report by friday" is "submit report". */
const LEADING = /(?<![\p{L}\p{N}])(?:on|at|by|due|before|until)\s+$/iu;

/**
 * Which of chrono's readings to take. Refused, and so kept as words of the title:
 * - a month or a year alone ("Plan for March", "Read 1984", "May's report"): a name more often than a date;
 * - slash dates ("1/2 cup", "3/4"): fractions as often, and 3/4 is March 4 or 3 April depending on who writes it.
 */
function taken(r: chrono.ParsedResult): boolean {
  const tags = r.tags();
  if (tags.has('parser/SlashDateFormatParser') || tags.has('parser/SlashMonthFormatParser'))
    return false;
  const certain = ['day', 'weekday', 'hour'].some((c) => r.start.isCertain(c as chrono.Component));
  return certain || tags.has('result/relativeDate');
}

interface Reading {
  text: string;
  timeZone: string;
  now: Temporal.Instant;
  today: Temporal.PlainDate;
}

/** One of chrono's readings as a day and maybe a time in the zone (throws past what a calendar holds). */
function placed(r: chrono.ParsedResult, { text, timeZone, now, today }: Reading): FoundDate {
  const s = r.start;
  const certain = (c: string) => s.isCertain(c as chrono.Component);
  const tags = r.tags();
  const hasTime = certain('hour') || [...tags].some((t) => CASUAL_TIMES.test(t));
  const instant = certain('timezoneOffset')
    ? Temporal.Instant.fromEpochMilliseconds(r.date().getTime())
    : null;
  const local = instant?.toZonedDateTimeISO(timeZone);
  let date = local
    ? local.toPlainDate()
    : Temporal.PlainDate.from({ year: s.get('year')!, month: s.get('month')!, day: s.get('day')! });
  const hour = certain('hour') ? s.get('hour')! : (casualHour(tags) ?? s.get('hour')!);
  const time = !hasTime
    ? null
    : local
      ? local.toPlainTime()
      : Temporal.PlainTime.from({ hour, minute: certain('hour') ? (s.get('minute') ?? 0) : 0 });
  const onlyTime =
    !['day', 'weekday', 'month'].some(certain) &&
    !tags.has('result/relativeDate') &&
    ![...tags].some((t) => t.startsWith('casualReference/') && !CASUAL_TIMES.test(t));
  if (!instant) {
    const past = (d: Temporal.PlainDate) =>
      time
        ? d.toZonedDateTime({ timeZone, plainTime: time }).epochMilliseconds <=
          now.epochMilliseconds
        : Temporal.PlainDate.compare(d, today) < 0;
    // "6pm" once it is past is tomorrow's; "friday" (said on a Saturday) the coming one; "dec 24" next year's once it is over.
    if (onlyTime && past(date)) date = date.add({ days: 1 });
    else if (certain('weekday') && !certain('day') && !/^(last|past)\b/i.test(r.text) && past(date))
      date = date.add({ days: 7 });
    else if (
      certain('month') &&
      certain('day') &&
      !certain('year') &&
      Temporal.PlainDate.compare(date, today) < 0
    )
      date = date.add({ years: 1 });
  }
  const lead = LEADING.exec(text.slice(0, r.index));
  return {
    start: lead ? lead.index : r.index,
    end: r.index + r.text.length,
    date,
    time,
    instant,
    onlyTime,
  };
}

/**
 * The dates and times in the text (other marks already blanked out), read on the wall clock of
 * `timeZone` at `now`. chrono takes a fixed UTC offset: the zone's offset now. Its day and time are then placed in the zone with Temporal, so "tomorrow 9am" across a change to daylight
 * saving time is 9am by the clock of that day.
 */
export function findDates(text: string, timeZone: string, now: Temporal.Instant): FoundDate[] {
  const offset = now.toZonedDateTimeISO(timeZone).offsetNanoseconds / 60e9;
  // chrono's own forwardDate compares its reference's wall clock with instants, which is wrong in a process
  // whose zone is not the user's: the day is moved forward here instead, on the user's clock.
  const results = casual.parse(text, {
    instant: new Date(now.epochMilliseconds),
    timezone: offset,
  });
  const reading = { text, timeZone, now, today: now.toZonedDateTimeISO(timeZone).toPlainDate() };
  return results.filter(taken).flatMap((r) => {
    try {
      return [placed(r, reading)];
    } catch {
      // A reading past what a calendar holds ("in 100000000 days"): the words stay words.
      return [];
    }
  });
}
