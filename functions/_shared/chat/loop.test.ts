import { describe, expect, it } from 'vitest';
import { modelMessages, recent } from './loop.js';
import { ModelUnavailable } from './model.js';
import { readTurn } from './model-stream.js';
import type { ChatMessage } from './store.js';

const at = '2026-03-01T09:00:00.000Z';
const sse = (lines: string[], contentType = 'text/event-stream') =>
  new Response(lines.join(''), { headers: { 'content-type': contentType } });
const chunk = (delta: object, finish: string | null = null) =>
  `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\r\n\r\n`;

describe('what the model is sent', () => {
  it('is the recent history from a user message on, so that no tool result is sent without its call', () => {
    const turn = (n: number): ChatMessage[] => [
      { role: 'user', content: `q${n}`, at },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: `c${n}`, type: 'function', function: { name: 'list_tags', arguments: '{}' } },
        ],
        at,
      },
      {
        role: 'tool',
        tool_call_id: `c${n}`,
        name: 'list_tags',
        content: '{}',
        ok: true,
        summary: '0 results',
        at,
      },
      { role: 'assistant', content: `a${n}`, at },
    ];
    const history = [1, 2, 3].flatMap(turn);
    expect(recent(history, 12)).toBe(history);
    expect(recent(history, 6).map((m) => m.role === 'user' && m.content)).toEqual([
      'q3',
      false,
      false,
      false,
    ]);
    expect(recent(history, 2)).toEqual(turn(3));
    const sent = modelMessages('You help.', recent(history, 4));
    expect(sent).toEqual([
      { role: 'system', content: 'You help.' },
      { role: 'user', content: 'q3' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'c3', type: 'function', function: { name: 'list_tags', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'c3', content: '{}' },
      { role: 'assistant', content: 'a3' },
    ]);
  });
});

describe('reading what the model answers', () => {
  it('takes CRLF lines, comments, and tool calls sent whole without an index (as Ollama does)', async () => {
    const deltas: string[] = [];
    const turn = await readTurn(
      sse([
        ': keep-alive\r\n\r\n',
        chunk({ content: 'Hi' }),
        chunk(
          {
            tool_calls: [
              { id: 'a', function: { name: 'list_tags', arguments: '{}' } },
              { id: 'b', function: { name: 'get_task', arguments: '{"id":"x"}' } },
            ],
          },
          'tool_calls',
        ),
        'data: [DONE]\r\n\r\n',
      ]),
      async (d) => void deltas.push(d),
    );
    expect(deltas).toEqual(['Hi']);
    expect(turn.toolCalls.map((c) => [c.id, c.function.name, c.function.arguments])).toEqual([
      ['a', 'list_tags', '{}'],
      ['b', 'get_task', '{"id":"x"}'],
    ]);
  });

  it('reads one JSON answer from a server that does not stream, and reports an error chunk or a broken line as the model unavailable', async () => {
    const whole = await readTurn(
      sse(
        [JSON.stringify({ choices: [{ message: { content: 'Whole' }, finish_reason: 'stop' }] })],
        'application/json',
      ),
      async () => {},
    );
    expect(whole).toEqual({ content: 'Whole', toolCalls: [], finishReason: 'stop' });
    await expect(
      readTurn(sse(['data: {"error":{"message":"quota exceeded"}}\n\n']), async () => {}),
    ).rejects.toThrow(/quota exceeded/);
    await expect(readTurn(sse(['data: {not json\n\n']), async () => {})).rejects.toBeInstanceOf(
      ModelUnavailable,
    );
  });
});
