import type { Temporal } from 'temporal-polyfill';

let loading: Promise<typeof Temporal> | undefined;
const temporal = () => (loading ??= import('temporal-polyfill').then((m) => m.Temporal));

/**
 * When the quiet hours around `now` end, in the user's time zone (null when it is not quiet now).
 * `start` and `end` are minutes after local midnight; start > end spans midnight. The end is a local
 * time on the local calendar, so a DST change in between moves it with the wall clock; an end that a
 * spring-forward skips is the first instant after the gap.
 */
export async function quietUntil(
  now: Date,
  timeZone: string,
  start: number | null,
  end: number | null,
): Promise<Date | null> {
  if (start === null || end === null || start === end) return null;
  const T = await temporal();
  const local = T.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(timeZone);
  const m = local.hour * 60 + local.minute;
  const quiet = start < end ? m >= start && m < end : m >= start || m < end;
  if (!quiet) return null;
  const day = m >= end ? local.toPlainDate().add({ days: 1 }) : local.toPlainDate();
  const ends = day.toZonedDateTime({
    timeZone,
    plainTime: new T.PlainTime(Math.floor(end / 60), end % 60),
  });
  return new Date(ends.epochMilliseconds);
}
