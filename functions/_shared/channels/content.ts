import type { Config } from '../config.js';
import type { DeliveryPayload, Executor } from '../db/database.js';
import { contactOf } from '../db/notification-preferences.js';
import type { NotificationView } from '../schemas/notification.js';

/** Where users reach Ripple: links in pushes and mails start here. */
export const publicUrl = (config: Config) =>
  (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, '');

/** The UI's link to a task (its list, the task opened) or to a project. */
export const taskLink = (config: Config, taskId: string) =>
  `${publicUrl(config)}/#/?task=${taskId}`;
export const projectLink = (config: Config, projectId: string) =>
  `${publicUrl(config)}/#/?project=${projectId}`;

/** What a stored notification says, outside the app: the same words for push and mail. */
export async function notificationPayload(
  db: Executor,
  config: Config,
  n: NotificationView,
): Promise<DeliveryPayload> {
  const actor = n.actor_id ? await contactOf(db, n.actor_id) : undefined;
  const who = actor ? (actor.name ?? actor.email) : 'Someone';
  const url = n.task_id
    ? taskLink(config, n.task_id)
    : n.project_id
      ? projectLink(config, n.project_id)
      : publicUrl(config);
  if (n.kind === 'reminder')
    return {
      title: `Reminder: ${n.title}`,
      body: `It is time for “${n.title}”.`,
      url,
      task_id: n.task_id,
    };
  if (n.kind === 'invitation')
    return {
      title: `${who} shared “${n.title}” with you`,
      body: `${who} invited you to the project “${n.title}”. Accept or decline it in Ripple.`,
      url,
      task_id: null,
    };
  return {
    title: `${who} assigned you “${n.title}”`,
    body: `${who} assigned the task “${n.title}” to you.`,
    url,
    task_id: n.task_id,
  };
}
