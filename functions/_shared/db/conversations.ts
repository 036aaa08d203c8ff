import { sql } from 'kysely';
import type { Executor } from './database.js';
import { pruneOlder } from './prune.js';

export interface ConversationRow {
  id: string;
  user_id: string;
  messages: unknown;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/**
 * JSON text, cast to jsonb by PostgreSQL. Not the value itself: the driver would send a JavaScript array
 * as a PostgreSQL array. Not text typed as jsonb either: once the prepared statement knows its parameter
 * is jsonb, the driver JSON-encodes the string a second time.
 */
const json = (value: unknown) =>
  sql<unknown>`cast(cast(${JSON.stringify(value)} as text) as jsonb)`;

/** The user's conversation, unless it expired before `now`. */
export async function findConversation(
  db: Executor,
  userId: string,
  id: string,
  now: Date,
): Promise<ConversationRow | undefined> {
  return db
    .selectFrom('chat_conversations')
    .select(['id', 'user_id', 'messages', 'version', 'created_at', 'updated_at'])
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export interface ConversationWrite {
  id: string;
  userId: string;
  messages: unknown;
  createdAt: Date;
  now: Date;
  expiresAt: Date;
}

/** A new conversation at version 1; false when the id is taken. */
export async function insertConversation(db: Executor, w: ConversationWrite): Promise<boolean> {
  const res = await db
    .insertInto('chat_conversations')
    .values({
      id: w.id,
      user_id: w.userId,
      messages: json(w.messages),
      version: 1,
      created_at: w.createdAt,
      updated_at: w.now,
      expires_at: w.expiresAt,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Replaces the conversation at `version` (unexpired, the user's own); its new version, or undefined when it is not at that version. */
export async function updateConversation(
  db: Executor,
  w: ConversationWrite,
  version: number,
): Promise<number | undefined> {
  const row = await db
    .updateTable('chat_conversations')
    .set({
      messages: json(w.messages),
      version: sql<number>`version + 1`,
      updated_at: w.now,
      expires_at: w.expiresAt,
    })
    .where('id', '=', w.id)
    .where('user_id', '=', w.userId)
    .where('version', '=', version)
    .where('expires_at', '>', w.now)
    .returning('version')
    .executeTakeFirst();
  return row?.version;
}

export async function deleteConversation(
  db: Executor,
  userId: string,
  id: string,
  now: Date,
): Promise<boolean> {
  const res = await db
    .deleteFrom('chat_conversations')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return res.numDeletedRows > 0n;
}

/** Deletes up to `limit` conversations that expired before `now`. */
export const pruneConversations = (db: Executor, now: Date, limit: number): Promise<number> =>
  pruneOlder(db, 'chat_conversations', 'expires_at', now, limit);
