import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { beginAnswer } from '../_shared/chat/answer.js';
import { modelFromConfig } from '../_shared/chat/model.js';
import { conversationStoreFromConfig } from '../_shared/chat/store-from-config.js';
import type { ConversationStore } from '../_shared/chat/store.js';
import type { Deps } from '../_shared/deps.js';
import { notFound, Problem } from '../_shared/errors.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';
import { jsonBody, paramsOf } from '../_shared/http/validate.js';
import { ChatBody, ChatStatus, Conversation } from '../_shared/schemas/chat.js';
import { IdParam } from '../_shared/schemas/common.js';

const NOT_CONFIGURED =
  'No model is configured: set LLM_BASE_URL and LLM_MODEL (and LLM_API_KEY if the endpoint needs one) to turn the assistant on';

/**
 * The chat assistant. POST /api/chat answers a message as Server-Sent Events (`start`, `text`
 * deltas, `tool_call` and `tool_result` for each tool step, `error`, then `done` with the
 * conversation's id) from the OpenAI-compatible model LLM_BASE_URL names, calling the shared agent
 * tools as the user. Conversations live in the store CHAT_STORE names, never in a replica's memory.
 */
export function chat(deps: Deps) {
  let store: ConversationStore | undefined;
  const storeOf = () => (store ??= conversationStoreFromConfig(deps));

  return new Hono<AppEnv>()
    .get(
      '/api/chat/status',
      describe({
        summary: 'Whether the assistant has a model',
        responses: { 200: { description: 'The status', schema: ChatStatus } },
      }),
      requireUser(deps),
      (c) => {
        const model = modelFromConfig(deps.config);
        return c.json({
          configured: model !== null,
          model: model?.model ?? null,
          hint: model ? null : NOT_CONFIGURED,
          max_steps: deps.config.CHAT_MAX_STEPS,
        });
      },
    )
    .post(
      '/api/chat',
      describe({
        summary: 'Ask the assistant: the answer streams as Server-Sent Events',
        responses: { 200: { description: 'text/event-stream' } },
      }),
      requireUser(deps),
      jsonBody(ChatBody),
      async (c) => {
        const startedAt = performance.now();
        const model = modelFromConfig(deps.config);
        if (!model)
          throw new Problem(503, { title: 'Service Unavailable', detail: NOT_CONFIGURED });
        if (deps.stopping.aborted)
          throw new Problem(503, {
            title: 'Service Unavailable',
            detail: 'Shutting down',
            headers: { 'Retry-After': '1' },
          });
        const { conversation_id, message } = c.req.valid('json');
        // A read-only access token does not get here (a POST changes: 403); the tools get the credential's scope all the same.
        const { scope } = c.var.principal;
        const answer = await beginAnswer({
          deps,
          store: storeOf(),
          model,
          userId: c.var.userId,
          scope,
          conversationId: conversation_id,
          message,
          startedAt,
        });
        const log = c.var.log;
        return streamSSE(c, (stream) => answer(stream, log));
      },
    )
    .get(
      '/api/chat/:id',
      describe({
        summary: 'A conversation with the assistant, as stored',
        responses: { 200: { description: 'The conversation', schema: Conversation } },
      }),
      requireUser(deps),
      paramsOf(IdParam),
      async (c) => {
        const stored = await storeOf().load(c.var.userId, c.req.valid('param').id);
        if (!stored) throw notFound('No such conversation (it may have expired)');
        const { id, createdAt, updatedAt, messages } = stored.conversation;
        return c.json({ id, created_at: createdAt, updated_at: updatedAt, messages });
      },
    )
    .delete(
      '/api/chat/:id',
      describe({
        summary: 'Forget a conversation',
        responses: { 204: { description: 'Deleted' } },
      }),
      requireUser(deps),
      paramsOf(IdParam),
      async (c) => {
        if (!(await storeOf().remove(c.var.userId, c.req.valid('param').id)))
          throw notFound('No such conversation (it may have expired)');
        return c.body(null, 204);
      },
    );
}
