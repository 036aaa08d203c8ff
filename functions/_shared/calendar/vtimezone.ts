import type { Temporal } from 'temporal-polyfill';
import { offsetText, utc } from './ical-text.js';

let loading: Promise<typeof Temporal> | undefined;
const temporal = () => (loading ??= import('temporal-polyfill').then((m) => m.Temporal));

/**
 * A VTIMEZONE (RFC 5545 §3.6.5) for an IANA zone, written from the zone's own transitions between two
 * years, each as a STANDARD or DAYLIGHT part with its DTSTART in the local time before it, after
 * a first part holding the offset in force at the start. A zone without changes gets that part alone.
 */
export async function vtimezone(
  timeZone: string,
  fromYear: number,
  toYear: number,
): Promise<string[]> {
  const T = await temporal();
  const offsetAt = (epochMs: number) =>
    T.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone).offsetNanoseconds / 60e9;
  const start = Date.UTC(fromYear, 0, 1);
  const end = Date.UTC(toYear + 1, 0, 1);
  const first = offsetAt(start);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${timeZone}`];
  const part = (kind: 'STANDARD' | 'DAYLIGHT', dtstart: string, from: number, to: number) =>
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${dtstart}`,
      `TZOFFSETFROM:${offsetText(from)}`,
      `TZOFFSETTO:${offsetText(to)}`,
      `END:${kind}`,
    );
  part('STANDARD', '19700101T000000', first, first);
  let at = T.Instant.fromEpochMilliseconds(start).toZonedDateTimeISO(timeZone);
  for (;;) {
    const next = at.getTimeZoneTransition('next');
    if (!next || next.epochMilliseconds >= end) break;
    const before = offsetAt(next.epochMilliseconds - 1);
    const after = next.offsetNanoseconds / 60e9;
    // Local time as the clock showed it just before the change (§3.6.5: DTSTART is in TZOFFSETFROM's time).
    part(
      after > before ? 'DAYLIGHT' : 'STANDARD',
      utc(new Date(next.epochMilliseconds + before * 60_000)).slice(0, -1),
      before,
      after,
    );
    at = next;
  }
  lines.push('END:VTIMEZONE');
  return lines;
}
