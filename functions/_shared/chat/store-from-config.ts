import type { Deps } from '../deps.js';
import { createDaprConversationStore } from './dapr-store.js';
import { createPgConversationStore } from './pg-store.js';
import type { ConversationStore } from './store.js';

/** The store CHAT_STORE names; the chat function only ever sees the port. */
export function conversationStoreFromConfig(
  deps: Pick<Deps, 'config' | 'db' | 'clock'>,
): ConversationStore {
  const { config, db, clock } = deps;
  if (config.CHAT_STORE === 'dapr') {
    return createDaprConversationStore({
      host: config.DAPR_HOST,
      port: config.DAPR_HTTP_PORT,
      apiToken: config.DAPR_API_TOKEN,
      store: config.CHAT_STATE_STORE,
      ttlHours: config.CHAT_TTL_HOURS,
      clock,
    });
  }
  return createPgConversationStore({ db, clock, ttlHours: config.CHAT_TTL_HOURS });
}
