import { Problem } from '../errors.js';

/** A tool call the model asked for, as the OpenAI chat-completions format has it. */
export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/**
 * One message of a conversation: what the model is sent back (role, content, tool_calls,
 * tool_call_id), plus when it was written and, for a tool's answer, whether it worked and the line
 * the user was shown.
 */
export type ChatMessage =
  | { role: 'user'; content: string; at: string }
  | { role: 'assistant'; content: string | null; tool_calls?: ToolCall[]; at: string }
  | {
      role: 'tool';
      tool_call_id: string;
      name: string;
      content: string;
      ok: boolean;
      summary: string;
      at: string;
    };

export interface Conversation {
  id: string;
  userId: string;
  messages: ChatMessage[];
  createdAt: string;
  updatedAt: string;
}

/** A conversation as read, with the etag a write must name to replace it. */
export interface Stored {
  conversation: Conversation;
  etag: string;
}

/**
 * The state port for conversations: PostgreSQL embedded, the Dapr state API in the cluster. Nothing
 * lives in a replica's memory, so any replica continues any conversation. Each write refreshes the
 * conversation's time to live; an expired one reads as missing.
 */
export interface ConversationStore {
  readonly kind: 'postgres' | 'dapr';
  /** The user's conversation, or null (none, someone else's, or expired). */
  load(userId: string, id: string): Promise<Stored | null>;
  /**
   * Writes the conversation. `etag` null: a new one. Otherwise it replaces the version read, and
   * throws StoreConflict when another write came first. Answers the new etag, or null when the write
   * went through but its etag is not known (the next write must load first).
   */
  save(conversation: Conversation, etag: string | null): Promise<string | null>;
  /** Whether there was one to delete. */
  remove(userId: string, id: string): Promise<boolean>;
}

/** The store cannot be reached or failed: the request answers 503 and may be retried. */
export class StoreUnavailable extends Problem {
  constructor(reason: string) {
    super(503, {
      title: 'Service Unavailable',
      detail: `The conversation store is unavailable (${reason}); try again shortly`,
      headers: { 'Retry-After': '1' },
    });
  }
}

/** Another write replaced the version this one meant to replace. */
export class StoreConflict extends Error {
  override name = 'StoreConflict';
}
