import type { Clock } from '../clock.js';
import {
  deleteConversation,
  findConversation,
  insertConversation,
  updateConversation,
  type ConversationWrite,
} from '../db/conversations.js';
import type { Db } from '../db/database.js';
import { isTransient } from '../http/problem-response.js';
import {
  StoreConflict,
  StoreUnavailable,
  type ChatMessage,
  type ConversationStore,
} from './store.js';

/** A database that cannot answer is a store that is down (503); anything else is a bug and stays one. */
async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isTransient(err)) throw new StoreUnavailable('the database did not answer');
    throw err;
  }
}

/** Conversations in PostgreSQL (embedded mode): a row each, `version` as the etag, expires_at as the TTL. */
export function createPgConversationStore(options: {
  db: Db;
  clock: Clock;
  ttlHours: number;
}): ConversationStore {
  const { db, clock } = options;
  const write = (conversation: Parameters<ConversationStore['save']>[0]): ConversationWrite => {
    const now = clock.now();
    return {
      id: conversation.id,
      userId: conversation.userId,
      messages: conversation.messages,
      createdAt: new Date(conversation.createdAt),
      now,
      expiresAt: new Date(now.getTime() + options.ttlHours * 3_600_000),
    };
  };
  return {
    kind: 'postgres',
    load: (userId, id) =>
      guarded(async () => {
        const row = await findConversation(db, userId, id, clock.now());
        if (!row) return null;
        const conversation = {
          id: row.id,
          userId: row.user_id,
          messages: row.messages as ChatMessage[],
          createdAt: row.created_at.toISOString(),
          updatedAt: row.updated_at.toISOString(),
        };
        return { conversation, etag: String(row.version) };
      }),
    save: (conversation, etag) =>
      guarded(async () => {
        if (etag === null) {
          if (!(await insertConversation(db, write(conversation))))
            throw new StoreConflict(`conversation ${conversation.id} exists`);
          return '1';
        }
        const version = await updateConversation(db, write(conversation), Number(etag));
        if (version === undefined)
          throw new StoreConflict(
            `conversation ${conversation.id} is no longer at version ${etag}`,
          );
        return String(version);
      }),
    remove: (userId, id) => guarded(() => deleteConversation(db, userId, id, clock.now())),
  };
}
