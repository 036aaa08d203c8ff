import type {
  DeliveryChannel,
  Executor,
  NotificationChannel,
  TellingKind,
  Tx,
} from './database.js';

/** The user's own switches (those they never set are left to the defaults), and their settings with their time zone. */
export async function preferencesOf(db: Executor, userId: string) {
  const [switches, settings] = await Promise.all([
    db
      .selectFrom('notification_preferences')
      .select(['kind', 'channel', 'enabled'])
      .where('user_id', '=', userId)
      .execute(),
    db
      .selectFrom('users as u')
      .leftJoin('notification_settings as s', 's.user_id', 'u.id')
      .select(['u.email', 'u.timezone', 's.quiet_start', 's.quiet_end', 's.agenda_hour'])
      .where('u.id', '=', userId)
      .executeTakeFirst(),
  ]);
  return { switches, settings };
}

export interface SavedSettings {
  quiet_start: number | null;
  quiet_end: number | null;
  agenda_hour: number;
}

/** Replaces the user's switches and settings (the agenda's day already sent is kept). */
export async function savePreferences(
  tx: Tx,
  userId: string,
  switches: { kind: TellingKind; channel: NotificationChannel; enabled: boolean }[],
  settings: SavedSettings,
) {
  await tx.deleteFrom('notification_preferences').where('user_id', '=', userId).execute();
  if (switches.length > 0)
    await tx
      .insertInto('notification_preferences')
      .values(switches.map((s) => ({ ...s, user_id: userId })))
      .execute();
  await tx
    .insertInto('notification_settings')
    .values({ user_id: userId, ...settings })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(settings))
    .execute();
}

/** One switch, if the user set it (undefined: the default applies). */
export async function switchOf(
  db: Executor,
  userId: string,
  kind: TellingKind,
  channel: NotificationChannel,
): Promise<boolean | undefined> {
  const row = await db
    .selectFrom('notification_preferences')
    .select('enabled')
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .where('channel', '=', channel)
    .executeTakeFirst();
  return row?.enabled;
}

/** Turns one switch, whatever the others are (the one-click unsubscribe). */
export async function setSwitch(
  db: Executor,
  userId: string,
  kind: TellingKind,
  channel: DeliveryChannel,
  enabled: boolean,
): Promise<void> {
  await db
    .insertInto('notification_preferences')
    .values({ user_id: userId, kind, channel, enabled })
    .onConflict((oc) => oc.columns(['user_id', 'kind', 'channel']).doUpdateSet({ enabled }))
    .execute();
}

/** Whom to tell and how: the user's address, name, time zone and quiet hours. */
export const contactOf = (db: Executor, userId: string) =>
  db
    .selectFrom('users as u')
    .leftJoin('notification_settings as s', 's.user_id', 'u.id')
    .select(['u.email', 'u.name', 'u.timezone', 's.quiet_start', 's.quiet_end'])
    .where('u.id', '=', userId)
    .executeTakeFirst();
