import * as z from 'zod';

export const WEEKDAYS = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
const EVERY = 'Enter a whole number from 1 to 365';

const Frequency = z.enum(['daily', 'weekly', 'monthly', 'yearly']);
const From = z.enum(['due', 'completion']).meta({
  description:
    "`due`: the next one counts from the series' dates; `completion`: from the day this one was done",
});
const Weekdays = z
  .array(z.enum(WEEKDAYS, 'must be one of mo, tu, we, th, fr, sa, su'))
  .min(1, 'Pick at least one day')
  .max(7)
  // One canonical form: each day once, Monday first.
  .transform((days) => WEEKDAYS.filter((d) => days.includes(d)));

/**
 * A repeat rule as a client sends it: the structured form (`frequency`, `interval`, `weekdays`), or an
 * RFC 5545 `rrule` (with RFC 7529 `SKIP`), or both as the API answered them (they must agree).
 */
export const RecurrenceInput = z
  .strictObject({
    frequency: Frequency.optional(),
    interval: z.int(EVERY).min(1, EVERY).max(365, EVERY).optional(),
    weekdays: Weekdays.optional(),
    from: From.default('due'),
    rrule: z.string().max(500).optional().meta({
      description:
        'RFC 5545 RRULE parts: FREQ (DAILY…YEARLY), INTERVAL, COUNT, UNTIL, BYDAY (2MO, -1FR), BYMONTHDAY (-1 = last), BYMONTH, BYSETPOS, WKST, RSCALE=GREGORIAN, SKIP',
      example: 'FREQ=MONTHLY;BYDAY=-1FR',
    }),
  })
  .refine((r) => r.frequency !== undefined || r.rrule !== undefined, {
    error: 'Give a frequency or an rrule',
    path: ['frequency'],
  })
  .refine((r) => r.weekdays === undefined || r.frequency === 'weekly' || r.rrule !== undefined, {
    error: 'Days of the week can be picked only for a weekly repeat',
    path: ['weekdays'],
  })
  .meta({ id: 'RecurrenceInput' });
export type RecurrenceInput = z.output<typeof RecurrenceInput>;

/** A repeat rule as the API answers it: both forms; `rrule` governs, the structured fields summarize it. */
export const Recurrence = z
  .object({
    frequency: Frequency,
    interval: z.int().min(1).max(365),
    weekdays: z
      .array(z.enum(WEEKDAYS))
      .optional()
      .meta({ description: 'For a weekly rule on plain days (BYDAY without ordinals)' }),
    from: From,
    rrule: z.string().meta({
      description:
        'The rule as RFC 5545 RRULE text; the structured monthly and yearly forms clamp to the month end, SKIP=BACKWARD',
    }),
  })
  .meta({ id: 'Recurrence' });
export type Recurrence = z.output<typeof Recurrence>;

/** As stored in tasks.recurrence: rules written before RRULEs have no `rrule` and mean their structured form. */
export type StoredRecurrence = Omit<Recurrence, 'rrule'> & { rrule?: string };
