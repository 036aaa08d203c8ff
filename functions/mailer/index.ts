import type { Deps } from '../_shared/deps.js';
import { channelApp, mailConsumer } from '../_shared/channels/consumers.js';
import { mailSender } from '../_shared/channels/mail.js';

/** Consumer of `task-updates` and `reminders`: POST /events/mailer, notifications and the daily agenda by email, once. */
export function mailer(deps: Deps) {
  return channelApp('mailer', mailConsumer, mailSender, deps);
}
