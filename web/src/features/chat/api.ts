import { authorized, problemOf, request } from '../../lib/api.js';
import type { ChatStatusView, ConversationView } from '../../lib/types.js';

export const chatStatus = () => request<ChatStatusView>('GET', '/api/chat/status');
export const loadConversation = (id: string) => request<ConversationView>('GET', `/api/chat/${id}`);
export const forgetConversation = (id: string) => request<void>('DELETE', `/api/chat/${id}`);

/** One event of an answer's stream. */
export type AnswerEvent =
  | { event: 'start'; data: { conversation_id: string } }
  | { event: 'text'; data: { delta: string } }
  | { event: 'tool_call'; data: { id: string; name: string; arguments: string } }
  | { event: 'tool_result'; data: { id: string; name: string; ok: boolean; summary: string } }
  | { event: 'error'; data: { title: string; detail?: string; status: number } }
  | {
      event: 'done';
      data: { conversation_id: string; outcome: string; steps?: number; message?: string };
    };

/** Where a refused message was kept (the 503's Location), so that sending it again answers it there. */
export class KeptMessage extends Error {
  constructor(
    readonly problem: Error,
    readonly conversationId: string | null,
  ) {
    super(problem.message);
  }
}

/**
 * Sends a message and hands each event of the answer to `onEvent` as it arrives (fetch, not
 * EventSource: this is a POST). Throws the problem (an ApiError inside KeptMessage) when the
 * answer did not begin.
 */
export async function ask(
  body: { conversation_id?: string; message: string },
  onEvent: (e: AnswerEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  const res = await authorized('POST', '/api/chat', {
    body,
    headers: { accept: 'text/event-stream' },
  });
  if (!res.ok || !res.body) {
    const kept =
      /\/api\/chat\/([0-9a-f-]{36})$/.exec(res.headers.get('location') ?? '')?.[1] ?? null;
    throw new KeptMessage(await problemOf(res), kept);
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  signal.addEventListener('abort', () => void reader.cancel().catch(() => {}), { once: true });
  let buffer = '';
  for (;;) {
    const { value, done } = await reader
      .read()
      .catch(() => ({ value: undefined, done: true as const }));
    if (done) return;
    buffer += value;
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
      if (event && data) onEvent({ event, data: JSON.parse(data) } as AnswerEvent);
    }
  }
}
