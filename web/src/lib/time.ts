// Made when first used, not when the page loads: the first Intl object a page makes loads the browser's
// locale data (30–45 ms in a new Chromium tab on this machine), which the first screen may not need, or need later.
let relativeFormat: Intl.RelativeTimeFormat | undefined;
const relative = () =>
  (relativeFormat ??= new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }));
let absoluteFormat: Intl.DateTimeFormat | undefined;
const absolute = () =>
  (absoluteFormat ??= new Intl.DateTimeFormat(undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
  }));

const SHORT: ReadonlyArray<readonly [Intl.RelativeTimeFormatUnit, number]> = [
  ['hour', 3600_000],
  ['minute', 60_000],
];

const formats = new Map<string, Intl.DateTimeFormat>();
/**
 * An Intl.DateTimeFormat made once per locale and options, and kept: making one costs about as much as
 * drawing a row (a Today list of 50 rows made some 300, half the time it took to draw).
 */
export function dateFormat(
  locale: string | undefined,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${locale ?? ''} ${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.DateTimeFormat(locale, options)));
  return format;
}

const dayFormats = new Map<string | undefined, Intl.DateTimeFormat>();
/** Days already found, by zone and instant: a list asks for the same ones often (now, a due time shared). */
const knownDays = new Map<string, number>();

/** The calendar day (days since 1970-01-01) that an instant falls on in a time zone (the browser's by default). */
export function calendarDay(at: number, timeZone?: string): number {
  const key = `${timeZone ?? ''} ${at}`;
  let day = knownDays.get(key);
  if (day !== undefined) return day;
  let format = dayFormats.get(timeZone);
  if (!format)
    dayFormats.set(
      timeZone,
      (format = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      })),
    );
  const parts = format.formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  day = Math.round(Date.UTC(get('year'), get('month') - 1, get('day')) / 86_400_000);
  if (knownDays.size >= 5_000) knownDays.clear();
  knownDays.set(key, day);
  return day;
}

/**
 * "tomorrow", "in 3 days", "2 weeks ago", "in 3 hours", "now": another day is counted in calendar
 * days of the user's time zone (Nov 29 is "yesterday" all of Nov 30), the same day in hours and minutes.
 */
export function relativeTime(iso: string, now = Date.now(), timeZone?: string): string {
  const at = new Date(iso).getTime();
  const days = calendarDay(at, timeZone) - calendarDay(now, timeZone);
  if (days !== 0) {
    const size = Math.abs(days);
    if (size < 14) return relative().format(days, 'day');
    if (size < 60) return relative().format(Math.round(days / 7), 'week');
    if (size < 365) return relative().format(Math.round(days / 30.44), 'month');
    return relative().format(Math.round(days / 365.25), 'year');
  }
  const diff = at - now;
  for (const [unit, ms] of SHORT) {
    if (Math.abs(diff) >= ms) return relative().format(Math.trunc(diff / ms), unit);
  }
  return relative().format(0, 'minute');
}

export const absoluteTime = (iso: string) => absolute().format(new Date(iso));

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as a datetime-local input shows it, in this browser's time zone. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local input's value as an instant (RFC 3339, UTC), or null when empty. */
export function fromLocalInput(value: string): string | null {
  return value ? new Date(value).toISOString() : null;
}

/** The first or last instant of a calendar day (`2026-03-01`) in this browser's time zone. */
export function dayBound(day: string, end: 'start' | 'end'): string {
  const d = new Date(`${day}T00:00:00`);
  if (end === 'end') {
    d.setDate(d.getDate() + 1);
    d.setMilliseconds(-1);
  }
  return d.toISOString();
}

export const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
