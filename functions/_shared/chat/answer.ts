import type { SSEStreamingApi } from 'hono/streaming';
import type { AccessScope } from '../agent/tools.js';
import { findUserById } from '../db/users.js';
import type { Deps } from '../deps.js';
import { notFound, Problem } from '../errors.js';
import type { Logger } from '../logger.js';
import { modelMessages, runLoop, stepLimitMessage, type ChatEvent } from './loop.js';
import { openModel, type ModelSettings } from './model.js';
import { systemPrompt } from './prompt.js';
import type { ConversationStore } from './store.js';
import { agentToolRunner } from './tools.js';
import { ConversationGone, Transcript } from './transcript.js';

export interface AnswerRequest {
  deps: Deps;
  store: ConversationStore;
  model: ModelSettings;
  userId: string;
  /** What the user's credential may do: the tools' writes are refused to a read-only one. */
  scope: AccessScope;
  conversationId: string | undefined;
  message: string;
  /** When the request began (performance.now()): the model has until the request's timeout to start answering before the stream begins. */
  startedAt: number;
}

/** What the stream runs once the answer has begun. */
export type Answer = (stream: SSEStreamingApi, log: Logger) => Promise<void>;

/**
 * Prepares an answer: stores the user's message (before the model is called, so it is never lost),
 * then opens the model. A store or a model that is down answers 503 here, before any stream; a model
 * slow to start answering is waited for inside the stream instead. A message that repeats the
 * conversation's last, unanswered one (a retry after a 503) is answered, not stored twice.
 */
export async function beginAnswer(r: AnswerRequest): Promise<Answer> {
  const { deps, store, userId } = r;
  const at = () => deps.clock.now().toISOString();
  let transcript: Transcript;
  if (r.conversationId) {
    const stored = await store.load(userId, r.conversationId);
    if (!stored) throw notFound('No such conversation (it may have expired)');
    transcript = Transcript.resume(store, stored);
  } else {
    transcript = Transcript.start(store, deps.ids.next(), userId, deps.clock);
  }
  const last = transcript.messages.at(-1);
  if (!(last?.role === 'user' && last.content === r.message))
    await transcript.append({ role: 'user', content: r.message, at: at() });

  const user = await findUserById(deps.db, userId);
  const system = systemPrompt({
    now: deps.clock.now(),
    timezone: user?.timezone ?? 'UTC',
    name: user?.name ?? null,
  });
  const tools = agentToolRunner(deps, userId, r.scope);
  const abort = new AbortController();
  const stop = () => abort.abort();
  deps.stopping.addEventListener('abort', stop, { once: true });

  const first = openModel(
    r.model,
    modelMessages(system, transcript.messages),
    tools.definitions,
    abort.signal,
  );
  first.catch(() => {}); // awaited below, or by the loop
  const budget = Math.max(
    0,
    deps.config.REQUEST_TIMEOUT_MS - (performance.now() - r.startedAt) - 500,
  );
  let timer: NodeJS.Timeout | undefined;
  const early = await Promise.race([
    first.then(
      () => null,
      (err: unknown) => err,
    ),
    new Promise((resolve) => (timer = setTimeout(resolve, budget, null))),
  ]);
  clearTimeout(timer);
  if (early) {
    deps.stopping.removeEventListener('abort', stop);
    if (!(early instanceof Problem)) throw early;
    // The message is kept: Location names its conversation, for the retry.
    throw new Problem(503, {
      title: early.title,
      detail: early.detail ?? early.title,
      headers: { ...early.headers, Location: `/api/chat/${transcript.id}` },
    });
  }

  return async (stream, log) => {
    stream.onAbort(stop);
    const send = async (event: string, data: unknown) => {
      if (!stream.aborted) await stream.writeSSE({ event, data: JSON.stringify(data) });
    };
    const done = { conversation_id: transcript.id };
    try {
      await send('start', done);
      const emit = (e: ChatEvent) => send(e.event, e.data);
      const { outcome, steps } = await runLoop({
        model: r.model,
        tools,
        transcript,
        system,
        maxSteps: deps.config.CHAT_MAX_STEPS,
        clock: deps.clock,
        signal: abort.signal,
        emit,
        first,
      });
      await send('done', {
        ...done,
        outcome,
        steps,
        ...(outcome === 'step_limit' ? { message: stepLimitMessage(steps) } : {}),
      });
    } catch (err) {
      // The user went away or the process is stopping: what was saved stays, and nobody is listening.
      if (abort.signal.aborted)
        return void log.info({ conversation: transcript.id }, 'chat answer stopped before its end');
      const problem =
        err instanceof Problem
          ? err
          : err instanceof ConversationGone
            ? new Problem(409, {
                title: 'Conflict',
                detail: 'The conversation was deleted while it was being answered',
              })
            : null;
      if (!problem) log.error({ err }, 'chat answer failed');
      else log.warn({ err }, 'chat answer stopped: %s', problem.detail);
      const shown =
        problem ??
        new Problem(500, { title: 'Internal Server Error', detail: 'The answer failed' });
      await send('error', shown.toJSON());
      await send('done', { ...done, outcome: 'failed' });
    } finally {
      deps.stopping.removeEventListener('abort', stop);
    }
  };
}
