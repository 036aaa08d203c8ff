import type { Deps } from '../_shared/deps.js';
import { channelApp, pushConsumer } from '../_shared/channels/consumers.js';
import { pushSender } from '../_shared/channels/push.js';

/** Consumer of `task-updates` and `reminders`: POST /events/push-sender, each notification pushed to the user's browsers, once. */
export function pushSenderFunction(deps: Deps) {
  return channelApp('push-sender', pushConsumer, pushSender, deps);
}
