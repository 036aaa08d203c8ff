import * as z from 'zod';
import { Id, InstantOut, QueryInstant } from './common.js';
import { Occurrence } from './occurrence.js';
import { Recurrence, WEEKDAYS } from './recurrence.js';

/** GET /api/recurrence/preview: a rule in either form, as a query string. */
export const PreviewQuery = z
  .object({
    rrule: z
      .string()
      .max(500)
      .optional()
      .meta({ description: 'RFC 5545 RRULE text, e.g. `FREQ=MONTHLY;BYDAY=-1FR`' }),
    frequency: z.enum(['daily', 'weekly', 'monthly', 'yearly']).optional(),
    interval: z.coerce.number().int().min(1).max(365).optional(),
    weekdays: z
      .string()
      .max(30)
      .transform((s) => s.split(','))
      .pipe(z.array(z.enum(WEEKDAYS)).min(1))
      .optional()
      .meta({ description: 'Comma-separated: `mo,th`' }),
    start: QueryInstant.optional().meta({
      description:
        'The first due date (DTSTART); its local time of day is every occurrence’s. Default: now',
    }),
    count: z.coerce.number().int().min(1).max(50).default(5),
    series_id: Id.optional().meta({
      description:
        'A series on schedule: its rule, start and zone (unless `rrule`/`start` are given, as while editing it), its occurrences from now on, each with its `state`',
    }),
  })
  .meta({ id: 'PreviewQuery' });

export const Preview = z
  .object({
    recurrence: Recurrence,
    time_zone: z.string(),
    occurrences: z.array(
      z.union([
        z.object({
          at: InstantOut,
          local: z.string().meta({
            description:
              'The same instant on the user’s clock, with its offset: `2026-02-27T17:00:00+05:30`',
          }),
        }),
        Occurrence,
      ]),
    ),
  })
  .meta({ id: 'RecurrencePreview' });
export type Preview = z.output<typeof Preview>;
