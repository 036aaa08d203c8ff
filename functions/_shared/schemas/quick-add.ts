import * as z from 'zod';
import { InstantOut, Text } from './common.js';
import { Recurrence } from './recurrence.js';
import { Priority } from './task.js';

export const QUICK_ADD_KINDS = ['due', 'tag', 'priority', 'project', 'recurrence'] as const;
export const QuickAddKind = z.enum(QUICK_ADD_KINDS);
export type QuickAddKind = z.infer<typeof QuickAddKind>;

/** A piece of the line: `start`/`end` are UTF-16 offsets into the text, `end` exclusive. */
export const QuickAddSpan = z
  .object({ kind: QuickAddKind, start: z.int().min(0), end: z.int().min(0), text: z.string() })
  .meta({ id: 'QuickAddSpan' });
export type QuickAddSpan = z.infer<typeof QuickAddSpan>;

export const QuickAddProblem = z
  .object({
    kind: z.enum([...QUICK_ADD_KINDS, 'title']),
    start: z.int().min(0),
    end: z.int().min(0),
    text: z.string(),
    message: z.string(),
  })
  .meta({
    id: 'QuickAddProblem',
    description:
      'A piece that looks like grammar but is not valid (`!superurgent`, `@NoSuchProject`); its words stay in the title',
  });
export type QuickAddProblem = z.infer<typeof QuickAddProblem>;

export const QuickAddBody = z.strictObject({
  text: Text.max(1000, 'Keep the line to 1,000 characters or fewer').refine(
    (s) => s.trim() !== '',
    'Write what to do, e.g. "Call mom tomorrow 6pm #family"',
  ),
  literal: z.array(Text.max(1000)).max(50).default([]).meta({
    description:
      'Pieces (a span’s or a problem’s `text`) to keep as words of the title instead of reading them',
  }),
});
export type QuickAddBody = z.output<typeof QuickAddBody>;

/** What the line creates, as `POST /api/tasks` takes it. */
export const QuickAddTask = z
  .object({
    title: z.string(),
    tags: z.array(z.string()),
    priority: Priority.optional(),
    due_at: InstantOut.optional(),
    recurrence: Recurrence.optional(),
    project_id: z.uuid().optional(),
  })
  .meta({ id: 'QuickAddTask' });
export type QuickAddTask = z.infer<typeof QuickAddTask>;

/** What a line says, read in the user's time zone against the user's projects. */
export const QuickAddResult = z
  .object({
    title: z.string(),
    due_at: InstantOut.nullable(),
    due_has_time: z.boolean().meta({
      description:
        'false for a day without a time of day: due at 23:59 that day, in the user’s time zone',
    }),
    tags: z.array(z.string()),
    priority: Priority.nullable(),
    recurrence: Recurrence.nullable(),
    project_id: z.uuid().nullable(),
    spans: z.array(QuickAddSpan),
    problems: z.array(QuickAddProblem),
    task: QuickAddTask.nullable().meta({
      description:
        'The body for `POST /api/tasks` that creates what the line says; null while there are problems',
    }),
  })
  .meta({ id: 'QuickAddResult' });
export type QuickAddResult = z.infer<typeof QuickAddResult>;
