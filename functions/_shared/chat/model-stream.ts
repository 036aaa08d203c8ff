import { ModelUnavailable, modelFailureReason, type ModelTurn } from './model.js';
import type { ToolCall } from './store.js';

interface Delta {
  content?: string | null;
  tool_calls?: {
    index?: number;
    id?: string;
    type?: string;
    function?: { name?: string; arguments?: string };
  }[];
}

interface Chunk {
  choices?: { delta?: Delta; message?: Delta; finish_reason?: string | null }[];
  error?: { message?: string } | string;
}

/** Tool-call fragments gathered by their `index` (a server that sends no index sends each call whole, in order). */
class ToolCalls {
  private readonly calls: ToolCall[] = [];

  add(parts: NonNullable<Delta['tool_calls']>): void {
    parts.forEach((part, position) => {
      const index =
        part.index ??
        (part.id && !this.calls.some((c) => c.id === part.id) ? this.calls.length : position);
      const call = (this.calls[index] ??= {
        id: '',
        type: 'function',
        function: { name: '', arguments: '' },
      });
      if (part.id) call.id = part.id;
      if (part.function?.name) call.function.name += part.function.name;
      if (part.function?.arguments) call.function.arguments += part.function.arguments;
    });
  }

  done(): ToolCall[] {
    // Some servers leave out ids: the answer to a call must name one.
    return this.calls.filter(Boolean).map((c, i) => ({ ...c, id: c.id || `call_${i}` }));
  }
}

/**
 * Reads a chat-completions stream to its end: `data:` lines of JSON chunks until `data: [DONE]`
 * (or the end of the body). Text deltas go to `onText` as they come; tool calls are assembled from
 * their fragments. A server that answered with one JSON body instead (no streaming) is read too.
 */
export async function readTurn(
  res: Response,
  onText: (delta: string) => Promise<void>,
): Promise<ModelTurn> {
  const turn = { content: '', finishReason: null as string | null };
  const calls = new ToolCalls();
  const take = async (chunk: Chunk) => {
    if (chunk.error)
      throw new ModelUnavailable(
        `it reported an error: ${typeof chunk.error === 'string' ? chunk.error : (chunk.error.message ?? 'unknown')}`,
      );
    const choice = chunk.choices?.[0];
    if (!choice) return;
    const delta = choice.delta ?? choice.message ?? {};
    if (delta.content) {
      turn.content += delta.content;
      await onText(delta.content);
    }
    if (delta.tool_calls) calls.add(delta.tool_calls);
    if (choice.finish_reason) turn.finishReason = choice.finish_reason;
  };
  const parse = (text: string): Chunk => {
    try {
      return JSON.parse(text) as Chunk;
    } catch {
      throw new ModelUnavailable('it answered something that is not chat-completions JSON');
    }
  };

  try {
    if (/application\/json/.test(res.headers.get('content-type') ?? '')) {
      await take(parse(await res.text()));
      return { ...turn, toolCalls: calls.done() };
    }
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
        const line = buffer.slice(0, end).replace(/\r$/, '');
        buffer = buffer.slice(end + 1);
        if (!line.startsWith('data:')) continue; // blank lines, comments, event names
        const data = line.slice(5).trim();
        if (data === '[DONE]') {
          await reader.cancel().catch(() => {});
          return { ...turn, toolCalls: calls.done() };
        }
        if (data) await take(parse(data));
      }
    }
  } catch (err) {
    if (err instanceof ModelUnavailable) throw err;
    throw new ModelUnavailable(`its answer broke off: ${modelFailureReason(err)}`);
  }
  return { ...turn, toolCalls: calls.done() };
}
