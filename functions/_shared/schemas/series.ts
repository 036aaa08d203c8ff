import * as z from 'zod';
import { Id, Instant, InstantOut, Text } from './common.js';
import { Priority, TagName } from './task.js';

const Title = Text.trim()
  .min(1, 'Give the series a title')
  .max(200, 'Keep the title to 200 characters or fewer');
const Minutes = (what: string) =>
  z.int(`Enter ${what} in whole minutes`).min(0).max(525_600, 'At most a year (525,600 minutes)');
const RRuleText = z.string().max(500).meta({
  description: 'RFC 5545 RRULE, e.g. `FREQ=MONTHLY;BYMONTHDAY=1`',
  example: 'FREQ=MONTHLY;BYMONTHDAY=1',
});
const CatchUp = z.enum(['all', 'latest']).meta({
  description:
    'After downtime: `all` missed occurrences (up to `catch_up_cap`, the latest kept), or `latest` only',
});

export const SeriesCreateBody = z
  .strictObject({
    project_id: Id.optional().meta({
      description: 'The project its tasks go to (you must be an editor there); default: your Inbox',
    }),
    title: Title,
    description: Text.max(10_000).nullable().optional(),
    priority: Priority.default('medium'),
    tags: z.array(TagName).max(50).default([]),
    rrule: RRuleText,
    start: Instant.meta({
      description:
        'The first occurrence’s due date (DTSTART): its local time of day, in the user’s zone, is every occurrence’s',
    }),
    lead_minutes: Minutes('the lead time').nullable().default(null).meta({
      description:
        'How long before its due time each task is created; null: at the start of its day',
    }),
    remind_minutes: Minutes('the reminder')
      .nullable()
      .default(null)
      .meta({ description: 'A reminder this long before each due time; null: none' }),
    catch_up: CatchUp.default('all'),
    catch_up_cap: z.int().min(1).max(500).default(50),
  })
  .meta({ id: 'SeriesCreate' });
export type SeriesCreate = z.output<typeof SeriesCreateBody>;

export const SeriesPatchBody = z
  .strictObject({
    scope: z.enum(['all', 'following']).default('all').meta({
      description:
        '`all`: the series as a whole; `following`: this and following, from `from` on (a new series; the old one ends before it)',
    }),
    from: Instant.optional().meta({
      description: 'With scope `following`: the due date of the first occurrence to change',
    }),
    title: Title.optional(),
    description: Text.max(10_000).nullable().optional(),
    priority: Priority.optional(),
    tags: z.array(TagName).max(50).optional(),
    rrule: RRuleText.optional(),
    start: Instant.optional().meta({
      description: 'With scope `following`: the new first due date (default: `from`)',
    }),
    lead_minutes: Minutes('the lead time').nullable().optional(),
    remind_minutes: Minutes('the reminder').nullable().optional(),
    catch_up: CatchUp.optional(),
    catch_up_cap: z.int().min(1).max(500).optional(),
  })
  .refine((p) => p.scope !== 'following' || p.from !== undefined, {
    error: 'Say from which occurrence on (its due date)',
    path: ['from'],
  })
  .meta({ id: 'SeriesPatch' });
export type SeriesPatch = z.output<typeof SeriesPatchBody>;

export const SeriesListQuery = z.object({
  project_id: Id.optional().meta({ description: 'Only this project’s series' }),
});

export const SeriesDeleteQuery = z.object({
  instances: z.enum(['keep', 'delete']).meta({
    description: 'What becomes of the tasks it created: `keep` them, or `delete` them too',
  }),
});

export const Series = z
  .object({
    id: z.uuid(),
    project_id: z.uuid(),
    created_by: z.uuid(),
    title: z.string(),
    description: z.string().nullable(),
    priority: Priority,
    tags: z.array(z.string()),
    rrule: z.string(),
    start: InstantOut,
    time_zone: z.string(),
    lead_minutes: z.int().nullable(),
    remind_minutes: z.int().nullable(),
    catch_up: CatchUp,
    catch_up_cap: z.int(),
    status: z.enum(['active', 'paused', 'ended']),
    next_due_at: InstantOut.nullable().meta({
      description: 'The next occurrence not created yet; null once the rule has ended',
    }),
    next_create_at: InstantOut.nullable(),
    generated: z.int().meta({ description: 'Occurrences created so far' }),
    capped: z
      .object({ at: InstantOut, skipped: z.int() })
      .nullable()
      .meta({ description: 'The last catch-up that skipped occurrences past the cap' }),
    split_from: z.uuid().nullable(),
    created_at: InstantOut,
    updated_at: InstantOut,
    version: z.int(),
  })
  .meta({ id: 'Series' });
export type SeriesView = z.output<typeof Series>;
