import * as z from 'zod';
import { Id, Text } from './common.js';

export const CHAT_MESSAGE_MAX = 4_000;

export const ChatBody = z
  .strictObject({
    /** Continue this conversation; without it, a new one begins. */
    conversation_id: Id.optional(),
    message: Text.pipe(
      z
        .string()
        .trim()
        .min(1, 'must not be empty')
        .max(CHAT_MESSAGE_MAX, `must be at most ${CHAT_MESSAGE_MAX} characters`),
    ),
  })
  .meta({ id: 'ChatBody' });

export const ChatStatus = z
  .object({
    configured: z.boolean(),
    /** The model's name, when configured. */
    model: z.string().nullable(),
    /** Why the assistant is off, for the hint the UI shows. */
    hint: z.string().nullable(),
    max_steps: z.int(),
  })
  .meta({ id: 'ChatStatus' });

const ToolCall = z.object({
  id: z.string(),
  type: z.literal('function'),
  function: z.object({ name: z.string(), arguments: z.string() }),
});

export const ChatMessage = z
  .discriminatedUnion('role', [
    z.object({ role: z.literal('user'), content: z.string(), at: z.string() }),
    z.object({
      role: z.literal('assistant'),
      content: z.string().nullable(),
      tool_calls: z.array(ToolCall).optional(),
      at: z.string(),
    }),
    z.object({
      role: z.literal('tool'),
      tool_call_id: z.string(),
      name: z.string(),
      content: z.string(),
      ok: z.boolean(),
      summary: z.string(),
      at: z.string(),
    }),
  ])
  .meta({ id: 'ChatMessage' });

export const Conversation = z
  .object({
    id: z.uuid(),
    created_at: z.string(),
    updated_at: z.string(),
    messages: z.array(ChatMessage),
  })
  .meta({ id: 'Conversation' });

export type ChatStatusView = z.output<typeof ChatStatus>;
export type ChatMessageView = z.output<typeof ChatMessage>;
export type ConversationView = z.output<typeof Conversation>;
