import * as z from 'zod';
import { InstantOut } from './common.js';

export const ViewCounts = z
  .object({
    time_zone: z
      .string()
      .meta({ description: 'The user’s time zone, in which the days below are counted' }),
    today_start: InstantOut.meta({
      description: 'The start of today: tasks due before it are overdue by a day or more',
    }),
    tomorrow_start: InstantOut.meta({
      description: 'The end of today (exclusive): Today shows open tasks due before it',
    }),
    upcoming_end: InstantOut.meta({
      description:
        'The end of the 14th day from today (exclusive): Upcoming shows open tasks due before it',
    }),
    counts: z.object({
      today: z
        .int()
        .min(0)
        .meta({ description: 'Open tasks due before `tomorrow_start` (overdue ones included)' }),
      upcoming: z
        .int()
        .min(0)
        .meta({ description: 'Open tasks due before `upcoming_end` (overdue ones included)' }),
      overdue: z.int().min(0).meta({ description: 'Open tasks due before now' }),
      assigned: z.int().min(0).meta({ description: 'Open tasks assigned to you' }),
    }),
    tags: z.record(z.string(), z.int().min(0)).meta({
      description: 'Open tasks per tag name (lower case), by any member’s tag of that name',
    }),
  })
  .meta({ id: 'ViewCounts' });
export type ViewCounts = z.infer<typeof ViewCounts>;
