import { Hono } from 'hono';
import * as z from 'zod';
import type { Deps } from '../deps.js';
import { pushTargetsOf } from '../db/push-subscriptions.js';
import { contactOf } from '../db/notification-preferences.js';
import {
  AGENDA_DUE_TYPE,
  CONSUMED_TYPES,
  DELIVERY_DUE_TYPE,
  eventRoute,
} from '../events/catalog.js';
import { consumerApp, UnprocessableEvent, type Consumer } from '../events/consumer.js';
import type { AppEnv } from '../http/env.js';
import { Notification } from '../schemas/notification.js';
import { decideAgenda } from './agenda.js';
import { notificationPayload } from './content.js';
import { decide, sendDue, type Sender } from './deliver.js';
import { AgendaDue, DeliveryDue } from './events.js';

const parse = <T>(schema: z.ZodType<T>, data: unknown): T => {
  const parsed = schema.safeParse(data);
  if (!parsed.success)
    throw new UnprocessableEvent(
      `its data is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
};

/** The push channel: a stored notification goes to every browser the user subscribed, if they want it pushed. */
export const pushConsumer: Consumer<Record<string, unknown>> = {
  types: CONSUMED_TYPES['push-sender'],
  data: z.record(z.string(), z.unknown()),
  async handle(event, tx, deps) {
    if (event.type === DELIVERY_DUE_TYPE) return void parse(DeliveryDue, event.data);
    const n = parse(Notification, event.data);
    if (!deps.config.VAPID_PUBLIC_KEY || !deps.config.VAPID_PRIVATE_KEY) return;
    const targets = (await pushTargetsOf(tx, event.userId)).map((s) => s.id);
    if (targets.length === 0) return;
    await decide(tx, deps, {
      channel: 'push',
      userId: event.userId,
      kind: n.kind,
      sourceId: n.id,
      payload: await notificationPayload(tx, deps.config, n),
      targets,
    });
  },
};

/** The email channel: a stored notification, or the daily agenda, to the user's address, if they want it by mail. */
export const mailConsumer: Consumer<Record<string, unknown>> = {
  types: CONSUMED_TYPES.mailer,
  data: z.record(z.string(), z.unknown()),
  async handle(event, tx, deps) {
    if (event.type === DELIVERY_DUE_TYPE) return void parse(DeliveryDue, event.data);
    if (!deps.config.SMTP_URL) return;
    if (event.type === AGENDA_DUE_TYPE)
      return decideAgenda(tx, deps, event.userId, parse(AgendaDue, event.data));
    const n = parse(Notification, event.data);
    const contact = await contactOf(tx, event.userId);
    if (!contact) return;
    await decide(tx, deps, {
      channel: 'email',
      userId: event.userId,
      kind: n.kind,
      sourceId: n.id,
      payload: await notificationPayload(tx, deps.config, n),
      targets: [contact.email],
    });
  },
};

/**
 * A channel's consumer: the decision in the event's transaction (consumerApp), then, once committed,
 * the sending of what is due. A send that fails stays in the ledger for the agenda scheduler to wake.
 */
export function channelApp(
  name: string,
  consumer: Consumer<Record<string, unknown>>,
  sender: (deps: Deps) => Sender,
  deps: Deps,
): Hono<AppEnv> {
  let built: Sender | undefined;
  return new Hono<AppEnv>()
    .use(eventRoute(name), async (c, next) => {
      await next();
      if (!c.res.ok) return;
      const answer = (await c.res
        .clone()
        .json()
        .catch(() => null)) as { outcome?: string } | null;
      if (answer?.outcome !== 'processed' && answer?.outcome !== 'duplicate') return;
      try {
        const sent = await sendDue(deps, (built ??= sender(deps)));
        if (sent > 0) c.var.log.info({ channel: built.channel, sent }, 'notifications sent');
      } catch (err) {
        c.var.log.warn(
          { err, consumer: name },
          'sending failed; what is due stays for the next wake-up',
        );
      }
    })
    .route('/', consumerApp(name, consumer, deps));
}
