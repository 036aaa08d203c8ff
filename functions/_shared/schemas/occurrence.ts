import * as z from 'zod';
import { Id, Instant, InstantOut, QueryInstant, Text } from './common.js';
import { Priority, TagName } from './task.js';

/** `/api/series/:id/occurrences/:due`: an occurrence is named by the due date its series' rule gives it. */
export const OccurrenceParam = z.object({
  id: Id,
  due: QueryInstant.meta({
    description:
      'The occurrence’s due date as the rule gives it (RFC 3339), e.g. `2027-03-26T09:00:00Z`',
  }),
});

/** "This one", before it is created: skip it, or what it differs in. */
export const OccurrenceBody = z
  .strictObject({
    skip: z
      .boolean()
      .default(false)
      .meta({ description: '`true`: this occurrence is not created at all' }),
    title: Text.trim()
      .min(1, 'Give it a title')
      .max(200, 'Keep the title to 200 characters or fewer')
      .optional(),
    description: Text.max(10_000).nullable().optional(),
    priority: Priority.optional(),
    tags: z.array(TagName).max(50).optional(),
    due_at: Instant.optional().meta({
      description: 'Move this occurrence: its task is due then instead',
    }),
  })
  .refine((b) => !b.skip || Object.keys(b).length === 1, {
    error: 'A skipped occurrence takes no other change',
    path: ['skip'],
  })
  .refine((b) => b.skip || Object.keys(b).length > 1, {
    error: 'Send a change (title, description, priority, tags, due_at) or skip: true',
    path: ['skip'],
  })
  .meta({ id: 'OccurrenceOverride' });
export type OccurrenceInput = z.output<typeof OccurrenceBody>;

export const OccurrenceChanges = z
  .object({
    title: z.string().optional(),
    description: z.string().nullable().optional(),
    priority: Priority.optional(),
    tags: z.array(z.string()).optional(),
    due_at: InstantOut.optional(),
  })
  .meta({ id: 'OccurrenceChanges' });

/** One occurrence of a series, as its preview and its override answer it. */
export const Occurrence = z
  .object({
    at: InstantOut,
    local: z
      .string()
      .meta({ description: 'The same instant on the series’ clock, with its offset' }),
    state: z.enum(['planned', 'edited', 'skipped', 'created']).meta({
      description:
        '`created`: a task already (`task_id`); `edited`: created later with `changes`; `skipped`: never created',
    }),
    task_id: z.uuid().optional(),
    changes: OccurrenceChanges.optional(),
  })
  .meta({ id: 'SeriesOccurrence' });
export type OccurrenceView = z.output<typeof Occurrence>;
