import * as z from 'zod';

const Seq = z.string().regex(/^\d{1,18}$/, 'must be the id of an event this stream sent');

export const StreamQuery = z.object({
  token: z.string().min(1).max(2000),
  /** For clients that cannot set the Last-Event-ID header; the header wins. */
  last_event_id: Seq.optional(),
});

export const StreamHeaders = z.object({ 'last-event-id': Seq.optional() });

export const StreamToken = z
  .object({ token: z.string(), expires_in: z.int() })
  .meta({ id: 'StreamToken' });
