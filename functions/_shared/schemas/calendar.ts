import * as z from 'zod';
import { InstantOut } from './common.js';

export const CalendarFeed = z
  .object({
    url: z.string().meta({
      description: 'The secret feed URL, relative to the API origin; shown only when it is made',
    }),
    created_at: InstantOut,
  })
  .meta({ id: 'CalendarFeed' });

export const CalendarFeedStatus = z
  .object({ active: z.boolean(), created_at: InstantOut.nullable() })
  .meta({ id: 'CalendarFeedStatus' });

export const FeedFileParam = z.object({
  file: z.string().max(100).meta({ description: '`<token>.ics`' }),
});
