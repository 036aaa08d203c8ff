import * as z from 'zod';

/** What a user can be told about, and where. */
export const NOTIFICATION_KINDS = ['reminder', 'invitation', 'assigned', 'agenda'] as const;
export const NOTIFICATION_CHANNELS = ['in_app', 'push', 'email'] as const;

/** Local time of day, `HH:MM` (24 hours). */
const LocalTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time HH:MM, e.g. 22:00');

const Switches = z.strictObject({ in_app: z.boolean(), push: z.boolean(), email: z.boolean() });

export const QuietHours = z
  .strictObject({ start: LocalTime, end: LocalTime })
  .refine((q) => q.start !== q.end, {
    error: 'start and end must differ (null turns quiet hours off)',
    path: ['end'],
  });

export const NotificationPreferences = z
  .strictObject({
    /** Per kind of notification, per channel: on or off. The agenda is sent by email only. */
    channels: z.strictObject({
      reminder: Switches,
      invitation: Switches,
      assigned: Switches,
      agenda: z.strictObject({ email: z.boolean() }),
    }),
    /** Push and email wait while it is quiet (in the user's time zone) and go out, once, when it ends. */
    quiet_hours: QuietHours.nullable(),
    /** The local hour of the daily agenda email. */
    agenda_hour: z.number().int().min(0).max(23),
  })
  .meta({ id: 'NotificationPreferences' });
export type NotificationPreferences = z.infer<typeof NotificationPreferences>;

export const PushSubscriptionInput = z.strictObject({
  endpoint: z.url({ protocol: /^https?$/ }).max(2000),
  keys: z.strictObject({
    p256dh: z
      .string()
      .regex(
        /^[A-Za-z0-9_-]{87}={0,1}$/,
        'must be the base64url P-256 public key the browser gave',
      ),
    auth: z
      .string()
      .regex(/^[A-Za-z0-9_-]{22}(==)?$/, 'must be the base64url 16-byte secret the browser gave'),
  }),
  /** As PushSubscription.toJSON() gives it; the server does not use it. */
  expirationTime: z.number().nullable().optional(),
  /** The device as the user will recognize it in Settings (a user agent's name). */
  label: z.string().trim().min(1).max(200).optional(),
});

export const PushSubscription = z
  .object({ id: z.uuid(), endpoint: z.string(), label: z.string(), created_at: z.iso.datetime() })
  .meta({ id: 'PushSubscription' });
export type PushSubscriptionView = z.infer<typeof PushSubscription>;
