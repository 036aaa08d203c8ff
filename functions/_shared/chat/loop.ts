import type { Clock } from '../clock.js';
import { openModel, type ModelMessage, type ModelSettings, type ModelTool } from './model.js';
import { readTurn } from './model-stream.js';
import type { ChatMessage } from './store.js';
import type { Transcript } from './transcript.js';

/** What the user's tool steps are run through: the shared agent tools, with the user's rights. */
export interface ToolRunner {
  definitions: ModelTool[];
  /** Runs one call; never throws for a bad call (unknown tool, bad arguments, a refusal): that is an answer with ok false. */
  run(
    name: string,
    rawArguments: string,
  ): Promise<{ ok: boolean; content: string; summary: string }>;
}

/** What the user sees, as it happens (each becomes one SSE event). */
export type ChatEvent =
  | { event: 'text'; data: { delta: string } }
  | { event: 'tool_call'; data: { id: string; name: string; arguments: string } }
  | { event: 'tool_result'; data: { id: string; name: string; ok: boolean; summary: string } };

export type Outcome = 'answered' | 'step_limit' | 'stopped';

export interface LoopOptions {
  model: ModelSettings;
  tools: ToolRunner;
  transcript: Transcript;
  system: string;
  maxSteps: number;
  clock: Clock;
  signal: AbortSignal;
  emit(e: ChatEvent): Promise<void>;
  /** The first call's response, already opened (so that a model that is down answered 503 before the stream began). */
  first?: Promise<Response>;
}

/** Messages of the history the model is sent at most: a long conversation's oldest turns are left out. */
export const CONTEXT_MESSAGES = 60;

/** The end of the history the model sees: at most `max` messages, beginning with a user's (never a tool result without its call). */
export function recent(
  history: readonly ChatMessage[],
  max = CONTEXT_MESSAGES,
): readonly ChatMessage[] {
  if (history.length <= max) return history;
  const from = history.findIndex((m, i) => i >= history.length - max && m.role === 'user');
  const lastUser = history.findLastIndex((m) => m.role === 'user');
  return history.slice(from >= 0 ? from : Math.max(lastUser, 0));
}

/** The messages the model is sent: the system prompt, then the recent history without Ripple's own fields. */
export function modelMessages(system: string, history: readonly ChatMessage[]): ModelMessage[] {
  return [
    { role: 'system', content: system },
    ...recent(history).map((m): ModelMessage => {
      if (m.role === 'tool')
        return { role: 'tool', tool_call_id: m.tool_call_id, content: m.content };
      if (m.role === 'assistant')
        return {
          role: 'assistant',
          content: m.content,
          ...(m.tool_calls?.length ? { tool_calls: m.tool_calls } : {}),
        };
      return { role: 'user', content: m.content };
    }),
  ];
}

export const stepLimitMessage = (steps: number) =>
  `I stopped after ${steps} steps without finishing. Tell me to go on, or ask for something smaller.`;

/**
 * The assistant's loop: the model answers, or asks for tools; their results go back to it; again,
 * at most `maxSteps` calls. Every step is saved as it completes. Throws ModelUnavailable, StoreUnavailable
 * or ConversationGone when it cannot go on; what was saved stays.
 */
export async function runLoop(o: LoopOptions): Promise<{ outcome: Outcome; steps: number }> {
  const at = () => o.clock.now().toISOString();
  for (let step = 1; step <= o.maxSteps; step++) {
    if (o.signal.aborted) return { outcome: 'stopped', steps: step - 1 };
    const messages = modelMessages(o.system, o.transcript.messages);
    const res = await (step === 1 && o.first
      ? o.first
      : openModel(o.model, messages, o.tools.definitions, o.signal));
    const turn = await readTurn(res, (delta) => o.emit({ event: 'text', data: { delta } }));
    if (o.signal.aborted) return { outcome: 'stopped', steps: step };
    if (turn.toolCalls.length === 0) {
      await o.transcript.append({ role: 'assistant', content: turn.content, at: at() });
      return { outcome: 'answered', steps: step };
    }
    const results: ChatMessage[] = [];
    for (const call of turn.toolCalls) {
      await o.emit({
        event: 'tool_call',
        data: { id: call.id, name: call.function.name, arguments: call.function.arguments },
      });
      const result = await o.tools.run(call.function.name, call.function.arguments);
      await o.emit({
        event: 'tool_result',
        data: { id: call.id, name: call.function.name, ok: result.ok, summary: result.summary },
      });
      results.push({
        role: 'tool',
        tool_call_id: call.id,
        name: call.function.name,
        content: result.content,
        ok: result.ok,
        summary: result.summary,
        at: at(),
      });
    }
    await o.transcript.append(
      { role: 'assistant', content: turn.content || null, tool_calls: turn.toolCalls, at: at() },
      ...results,
    );
  }
  // The last step's tools ran; the model is not asked again. The history ends with this, so the next message continues cleanly.
  const notice = stepLimitMessage(o.maxSteps);
  await o.transcript.append({ role: 'assistant', content: notice, at: at() });
  return { outcome: 'step_limit', steps: o.maxSteps };
}
