import * as z from 'zod';

/**
 * The instants Ripple takes, stores and answers: from 1900 to the end of 9999, UTC. The end is the
 * last instant RFC 3339 (four-digit years) and PostgreSQL's timestamptz both hold, and the answers are
 * in UTC, so "9999-12-31T23:00:00-05:00" (in year 10000 UTC) is out. Earlier than 1900 is a typo, not
 * a due date ("0206" for "2026"), and years 0000–0099 would not survive the trip: year 0 does not exist
 * in PostgreSQL, and a stored year 0069 read back by JavaScript's Date parsing is 1969.
 */
export const INSTANT_RANGE = {
  from: '1900-01-01T00:00:00.000Z',
  to: '9999-12-31T23:59:59.999Z',
} as const;
const [earliest, latest] = [Date.parse(INSTANT_RANGE.from), Date.parse(INSTANT_RANGE.to)];

/** Whether Ripple can store and answer this instant (false for an invalid Date too). */
export const inInstantRange = (d: Date) => d.getTime() >= earliest && d.getTime() <= latest;

/** RFC 3339 with an offset (or Z), as the contract requires, within INSTANT_RANGE; parsed into a Date. */
export const Instant = z.iso
  .datetime({
    offset: true,
    error: 'must be an RFC 3339 date-time with an offset, e.g. 2026-03-01T09:00:00+01:00',
  })
  .transform((s) => new Date(s))
  .refine(inInstantRange, {
    error: `must lie between ${INSTANT_RANGE.from} and ${INSTANT_RANGE.to}`,
  })
  .meta({
    description: `RFC 3339 with an offset, from ${INSTANT_RANGE.from} to ${INSTANT_RANGE.to}`,
  });

/** An Instant in a query string, where an unencoded "+" of an offset arrives as a space: taken back. */
export const QueryInstant = z.preprocess(
  (v) => (typeof v === 'string' ? v.replace(/ (\d\d:?\d\d)$/, '+$1') : v),
  Instant,
);

/**
 * Whether a range's bounds are in order, where both were given. A refinement runs even when a bound
 * failed to parse (zod 4 still calls it, with the raw string): anything but two Dates is left to the
 * field's own error.
 */
export const inOrder = (from: unknown, to: unknown) =>
  !(from instanceof Date) || !(to instanceof Date) || from.getTime() <= to.getTime();

/** What the API answers for a time: UTC, `...Z`. */
export const InstantOut = z.iso.datetime();

/**
 * User text that PostgreSQL stores exactly as sent: no NUL character (text columns cannot hold one)
 * and no lone UTF-16 surrogate (it would be silently replaced on the way to UTF-8).
 */
export const Text = z.string().refine((s) => !s.includes('\u0000') && s.isWellFormed(), {
  error: 'must be well-formed Unicode text without NUL characters',
});

export const Id = z.uuid({ error: 'must be a UUID' });
export const IdParam = z.object({ id: Id });

const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/** An IANA time zone name the runtime knows, stored as the runtime resolves it (e.g. "utc" → "UTC"). */
export const TimeZone = z
  .string()
  .max(64)
  .refine((name) => IANA_NAME.test(name) && resolveTimeZone(name) !== null, {
    error: 'must be an IANA time zone such as Europe/Berlin',
  })
  .transform((name) => resolveTimeZone(name) ?? name)
  .meta({ example: 'Europe/Berlin' });

function resolveTimeZone(name: string): string | null {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });
