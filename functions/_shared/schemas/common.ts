import * as z from 'zod';

/** RFC 3339 with an offset (or Z), as the contract requires; parsed into a Date. */
export const Instant = z.iso
  .datetime({ offset: true, error: 'must be an RFC 3339 date-time with an offset, e.g. 2026-03-01T09:00:00+01:00' })
  .transform((s) => new Date(s));

/** An Instant in a query string, where an unencoded "+" of an offset arrives as a space: taken back. */
export const QueryInstant = z.preprocess((v) => (typeof v === 'string' ? v.replace(/ (\d\d:?\d\d)$/, '+$1') : v), Instant);

/**
 * Whether a range's bounds are in order, where both were given. A refinement runs even when a bound
 * failed to parse (zod 4 still calls it, with the raw string): anything but two Dates is left to the
 * field's own error.
 */
export const inOrder = (from: unknown, to: unknown) => !(from instanceof Date) || !(to instanceof Date) || from.getTime() <= to.getTime();

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
