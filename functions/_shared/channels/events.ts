import * as z from 'zod';
import type { OutboxEntry } from '../db/outbox.js';
import { AGENDA_DUE_TYPE, DELIVERY_DUE_TYPE, DELIVERY_SOURCE, TOPICS } from '../events/catalog.js';
import { outboxEvent } from '../events/outbox-event.js';

export const AgendaDue = z.object({ local_date: z.iso.date() });
export type AgendaDue = z.infer<typeof AgendaDue>;
export const DeliveryDue = z.object({ channel: z.enum(['push', 'email']) });
export type DeliveryDue = z.infer<typeof DeliveryDue>;

/** `agenda.due` for a user and their local day, keyed by the user. */
export const agendaDueEvent = (
  data: AgendaDue,
  userId: string,
  eventId: string,
  at: Date,
): Promise<OutboxEntry> =>
  outboxEvent({
    type: AGENDA_DUE_TYPE,
    source: DELIVERY_SOURCE,
    topic: TOPICS.reminders,
    subject: userId,
    data,
    userId,
    eventId,
    at,
  });

/** `delivery.due`: wakes a channel's sender for a user's deliveries whose time has come. */
export const deliveryDueEvent = (
  data: DeliveryDue,
  userId: string,
  eventId: string,
  at: Date,
): Promise<OutboxEntry> =>
  outboxEvent({
    type: DELIVERY_DUE_TYPE,
    source: DELIVERY_SOURCE,
    topic: TOPICS.reminders,
    subject: userId,
    data,
    userId,
    eventId,
    at,
  });
