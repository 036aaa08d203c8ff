import { expect, it } from 'vitest';
import { applyEvent, fromHistory, type Entry } from './entries.js';

const at = '2026-03-01T09:00:00.000Z';

it('shows a stored conversation and a streamed one alike: text joined, each tool call one step with its result', () => {
  const stored = fromHistory([
    { role: 'user', content: 'Add milk', at },
    {
      role: 'assistant',
      content: 'On it.',
      tool_calls: [
        {
          id: 'c1',
          type: 'function',
          function: { name: 'add_task', arguments: '{"title":"Milk"}' },
        },
      ],
      at,
    },
    {
      role: 'tool',
      tool_call_id: 'c1',
      name: 'add_task',
      content: '{}',
      ok: true,
      summary: 'task “Milk”',
      at,
    },
    { role: 'assistant', content: 'Done.', at },
  ]);
  let streamed: Entry[] = [{ kind: 'user', text: 'Add milk' }];
  for (const e of [
    { event: 'start', data: { conversation_id: 'x' } },
    { event: 'text', data: { delta: 'On ' } },
    { event: 'text', data: { delta: 'it.' } },
    { event: 'tool_call', data: { id: 'c1', name: 'add_task', arguments: '{"title":"Milk"}' } },
    {
      event: 'tool_result',
      data: { id: 'c1', name: 'add_task', ok: true, summary: 'task “Milk”' },
    },
    { event: 'text', data: { delta: 'Done.' } },
    { event: 'done', data: { conversation_id: 'x', outcome: 'answered' } },
  ] as const)
    streamed = applyEvent(streamed, e);
  expect(streamed).toEqual(stored);
  expect(stored).toEqual([
    { kind: 'user', text: 'Add milk' },
    { kind: 'assistant', text: 'On it.' },
    { kind: 'tool', id: 'c1', name: 'add_task', ok: true, summary: 'task “Milk”' },
    { kind: 'assistant', text: 'Done.' },
  ]);
  expect(
    applyEvent(stored, {
      event: 'done',
      data: { conversation_id: 'x', outcome: 'step_limit', message: 'I stopped after 8 steps' },
    }).at(-1),
  ).toEqual({ kind: 'notice', tone: 'info', text: 'I stopped after 8 steps' });
});
