import type { Temporal } from 'temporal-polyfill';
import type { SeriesRow } from '../db/database.js';
import { Occurrences } from '../recurrence/occurrences.js';
import { parseRRule } from '../recurrence/rrule-text.js';

let loading: Promise<typeof Temporal> | undefined;
const temporal = () => (loading ??= import('temporal-polyfill').then((m) => m.Temporal));

type Timing = Pick<SeriesRow, 'lead_minutes' | 'time_zone'>;

/** When an occurrence due at `due` is created: `lead_minutes` before it, or at the start of its local day. */
export async function createAtOf(s: Timing, due: Date): Promise<Date> {
  if (s.lead_minutes !== null) return new Date(due.getTime() - s.lead_minutes * 60_000);
  const T = await temporal();
  return new Date(
    T.Instant.fromEpochMilliseconds(due.getTime()).toZonedDateTimeISO(s.time_zone).startOfDay()
      .epochMilliseconds,
  );
}

export const occurrencesOf = (s: Pick<SeriesRow, 'rrule' | 'dtstart' | 'time_zone'>) =>
  Occurrences.of({ rule: parseRRule(s.rrule), start: s.dtstart, timeZone: s.time_zone });

/** Where a series stands: its next due date at or after `from` (null when the rule has ended) and when that is created. */
export async function nextFrom(
  s: Pick<SeriesRow, 'rrule' | 'dtstart' | 'time_zone' | 'lead_minutes'>,
  from: Date,
): Promise<{ next_due: Date | null; next_create_at: Date | null }> {
  const next = (await occurrencesOf(s)).next(from, true);
  return { next_due: next, next_create_at: next && (await createAtOf(s, next)) };
}

/** A catch-up never walks further than this many occurrences back (a daily series down for 27 years). */
const MAX_SCAN = 10_000;

export interface Plan {
  /** The occurrences to create now, oldest first (at most `chunk`). */
  create: Date[];
  /** Missed occurrences left out by the cap or the "only the latest" policy. */
  skipped: number;
  /** Occurrences skipped one by one ("skip this one") that the run passes over. */
  passed: number;
  /** The series' next due date once `create` is written, and when that one is created. */
  next_due: Date | null;
  next_create_at: Date | null;
}

/**
 * What a run does for one series at `now`: every occurrence from `next_due` whose creation time has
 * come. Past the cap (or with "only the latest") the oldest are left out, so a catch-up creates at most
 * `catch_up_cap` (or one), the latest. A run writes at most `chunk` of them in one transaction; the
 * rest are the next transaction's, which finds them under the cap and leaves none out. Occurrences in
 * `skip` ("skip this one", by due date) are passed over: the series moves on past them, creating none.
 */
export async function planRun(
  s: SeriesRow,
  now: Date,
  chunk: number,
  skip: ReadonlySet<number> = new Set(),
): Promise<Plan> {
  const occurrences = await occurrencesOf(s);
  const due: Date[] = [];
  let at = s.next_due;
  // Every occurrence created by now is due by now plus its lead (or by the end of today's local day).
  const horizon = new Date(now.getTime() + (s.lead_minutes ?? 1440) * 60_000 + 86_400_000);
  const window =
    at && at.getTime() <= horizon.getTime() ? occurrences.between(at, horizon, MAX_SCAN) : [];
  for (const candidate of window) {
    if ((await createAtOf(s, candidate)).getTime() > now.getTime()) break;
    due.push(candidate);
  }
  if (due.length > 0) at = window[due.length] ?? occurrences.next(due.at(-1)!);
  // Occurrences skipped one by one are not the cap's to count: it keeps the latest of those to create.
  const wanted = due.filter((d) => !skip.has(d.getTime()));
  const keep = s.catch_up === 'latest' ? 1 : s.catch_up_cap;
  const kept = wanted.slice(Math.max(0, wanted.length - keep));
  const create = kept.slice(0, chunk);
  const next = kept[chunk] ?? at;
  const passed = due.filter(
    (d) => skip.has(d.getTime()) && (!next || d.getTime() < next.getTime()),
  ).length;
  return {
    create,
    skipped: wanted.length - kept.length,
    passed,
    next_due: next,
    next_create_at: next && (await createAtOf(s, next)),
  };
}
