import type { Config } from '../config.js';
import { Problem } from '../errors.js';
import type { ToolCall } from './store.js';

/** A tool as chat-completions takes it. */
export interface ModelTool {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

/** A message as chat-completions takes it. */
export type ModelMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: ToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

/** What one call to the model answered, assembled from its stream. */
export interface ModelTurn {
  content: string;
  toolCalls: ToolCall[];
  finishReason: string | null;
}

/** The model cannot be reached, refused, or answered something unreadable: a 503 before the answer has begun, an error event after. */
export class ModelUnavailable extends Problem {
  constructor(reason: string) {
    super(503, {
      title: 'Service Unavailable',
      detail: `The assistant's model is unavailable (${reason}); your message is kept, try again shortly`,
      headers: { 'Retry-After': '5' },
    });
  }
}

export interface ModelSettings {
  baseUrl: string;
  apiKey: string | undefined;
  model: string;
  timeoutMs: number;
}

/** The model the configuration names, or null when the assistant is off. */
export function modelFromConfig(config: Config): ModelSettings | null {
  if (!config.LLM_BASE_URL || !config.LLM_MODEL) return null;
  return {
    baseUrl: config.LLM_BASE_URL.replace(/\/+$/, ''),
    apiKey: config.LLM_API_KEY,
    model: config.LLM_MODEL,
    timeoutMs: config.LLM_TIMEOUT_MS,
  };
}

/** Why a call to the model failed, in a few words. */
export const modelFailureReason = (err: unknown): string => {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return 'it did not answer in time';
  return e.cause?.code ?? e.cause?.message ?? e.message;
};

/**
 * Sends the conversation to `<LLM_BASE_URL>/chat/completions` with `stream: true` and answers the
 * response once its status says it is streaming (ModelUnavailable otherwise). The timeout covers the
 * whole call, its stream included; `signal` ends it early (the user went away, the process stops).
 */
export async function openModel(
  settings: ModelSettings,
  messages: ModelMessage[],
  tools: ModelTool[],
  signal: AbortSignal,
): Promise<Response> {
  const body = {
    model: settings.model,
    messages,
    stream: true,
    ...(tools.length > 0 ? { tools, tool_choice: 'auto' } : {}),
  };
  let res: Response;
  try {
    res = await fetch(`${settings.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        ...(settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {}),
      },
      body: JSON.stringify(body),
      signal: AbortSignal.any([signal, AbortSignal.timeout(settings.timeoutMs)]),
    });
  } catch (err) {
    throw new ModelUnavailable(modelFailureReason(err));
  }
  if (!res.ok) {
    const text = await res.text().catch(() => '');
    throw new ModelUnavailable(`it answered ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`);
  }
  return res;
}
