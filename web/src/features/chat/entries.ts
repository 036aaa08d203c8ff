import type { ChatMessageView } from '../../lib/types.js';
import type { AnswerEvent } from './api.js';

/** What the panel shows: the user's messages, the assistant's text, each tool step, and notices. */
export type Entry =
  | { kind: 'user'; text: string }
  | { kind: 'assistant'; text: string }
  | { kind: 'tool'; id: string; name: string; ok?: boolean; summary?: string }
  | { kind: 'notice'; text: string; tone: 'info' | 'error' };

/** A stored conversation as entries: a tool call and its result become one step. */
export function fromHistory(messages: readonly ChatMessageView[]): Entry[] {
  const entries: Entry[] = [];
  for (const m of messages) {
    if (m.role === 'user') entries.push({ kind: 'user', text: m.content });
    else if (m.role === 'assistant') {
      if (m.content) entries.push({ kind: 'assistant', text: m.content });
      for (const call of m.tool_calls ?? [])
        entries.push({ kind: 'tool', id: call.id, name: call.function.name });
    } else {
      const step = entries.find(
        (e): e is Extract<Entry, { kind: 'tool' }> =>
          e.kind === 'tool' && e.id === m.tool_call_id && e.ok === undefined,
      );
      if (step) Object.assign(step, { ok: m.ok, summary: m.summary });
    }
  }
  return entries;
}

/** The entries with one streamed event applied (a new array: the panel re-renders). */
export function applyEvent(entries: readonly Entry[], e: AnswerEvent): Entry[] {
  const last = entries.at(-1);
  switch (e.event) {
    case 'text':
      return last?.kind === 'assistant'
        ? [...entries.slice(0, -1), { ...last, text: last.text + e.data.delta }]
        : [...entries, { kind: 'assistant', text: e.data.delta }];
    case 'tool_call':
      return [...entries, { kind: 'tool', id: e.data.id, name: e.data.name }];
    case 'tool_result':
      return entries.map((x) =>
        x.kind === 'tool' && x.id === e.data.id
          ? { ...x, ok: e.data.ok, summary: e.data.summary }
          : x,
      );
    case 'error':
      return [...entries, { kind: 'notice', tone: 'error', text: e.data.detail ?? e.data.title }];
    case 'done':
      return e.data.message
        ? [...entries, { kind: 'notice', tone: 'info', text: e.data.message }]
        : [...entries];
    default:
      return [...entries];
  }
}

/** "add_task" → "add task". */
export const toolLabel = (name: string) => name.replace(/_/g, ' ');
