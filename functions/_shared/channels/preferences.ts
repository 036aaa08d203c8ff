import type { Deps } from '../deps.js';
import type { Executor, NotificationChannel, TellingKind } from '../db/database.js';
import { preferencesOf, savePreferences, switchOf } from '../db/notification-preferences.js';
import { notFound } from '../errors.js';
import type { NotificationPreferences } from '../schemas/channels.js';

/**
 * What is on for a user who never said: everything in the app and pushed to the browsers they chose
 * to subscribe (subscribing is the consent), reminders and invitations by email, no daily agenda.
 */
const DEFAULTS: Record<TellingKind, Partial<Record<NotificationChannel, boolean>>> = {
  reminder: { in_app: true, push: true, email: true },
  invitation: { in_app: true, push: true, email: true },
  assigned: { in_app: true, push: true, email: false },
  agenda: { email: false },
};
const DEFAULT_AGENDA_HOUR = 7;

/** Whether the user wants `kind` told on `channel`. */
export async function wants(
  db: Executor,
  userId: string,
  kind: TellingKind,
  channel: NotificationChannel,
): Promise<boolean> {
  return (await switchOf(db, userId, kind, channel)) ?? DEFAULTS[kind][channel] ?? false;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

export async function getPreferences(deps: Deps, userId: string): Promise<NotificationPreferences> {
  const { switches, settings } = await preferencesOf(deps.db, userId);
  if (!settings) throw notFound('No such user');
  const on = (kind: TellingKind, channel: NotificationChannel) =>
    switches.find((s) => s.kind === kind && s.channel === channel)?.enabled ??
    DEFAULTS[kind][channel] ??
    false;
  const three = (kind: TellingKind) => ({
    in_app: on(kind, 'in_app'),
    push: on(kind, 'push'),
    email: on(kind, 'email'),
  });
  return {
    channels: {
      reminder: three('reminder'),
      invitation: three('invitation'),
      assigned: three('assigned'),
      agenda: { email: on('agenda', 'email') },
    },
    quiet_hours:
      settings.quiet_start === null || settings.quiet_end === null
        ? null
        : { start: hhmm(settings.quiet_start), end: hhmm(settings.quiet_end) },
    agenda_hour: settings.agenda_hour ?? DEFAULT_AGENDA_HOUR,
  };
}

export async function putPreferences(
  deps: Deps,
  userId: string,
  prefs: NotificationPreferences,
): Promise<NotificationPreferences> {
  const switches = Object.entries(prefs.channels).flatMap(([kind, byChannel]) =>
    Object.entries(byChannel).map(([channel, enabled]) => ({
      kind: kind as TellingKind,
      channel: channel as NotificationChannel,
      enabled,
    })),
  );
  const quiet = prefs.quiet_hours;
  await deps.db.transaction().execute((tx) =>
    savePreferences(tx, userId, switches, {
      quiet_start: quiet ? minutes(quiet.start) : null,
      quiet_end: quiet ? minutes(quiet.end) : null,
      agenda_hour: prefs.agenda_hour,
    }),
  );
  return getPreferences(deps, userId);
}
