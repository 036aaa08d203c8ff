import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One answer of the scripted model: text in pieces, tool calls (with arguments as raw text), or a failure. */
export type Turn =
  | { text: string[]; tools?: { name: string; arguments: string }[] }
  | { down: true }
  | { status: number; body: string };

/** What the model was sent, per call. */
export interface ModelRequest {
  headers: Record<string, string | string[] | undefined>;
  body: {
    model: string;
    stream: boolean;
    messages: {
      role: string;
      content: string | null;
      tool_calls?: unknown[];
      tool_call_id?: string;
    }[];
    tools?: { function: { name: string; parameters: unknown } }[];
  };
}

let calls = 0;

function stream(
  res: ServerResponse,
  turn: { text: string[]; tools?: { name: string; arguments: string }[] },
) {
  const id = `chatcmpl-${++calls}`;
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    res.write(
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 1764590000, model: 'scripted', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`,
    );
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  chunk({ role: 'assistant', content: '' });
  for (const piece of turn.text) chunk({ content: piece });
  (turn.tools ?? []).forEach((tool, index) => {
    // As OpenAI streams a call: its id and name first, then the arguments in fragments, by index.
    chunk({
      tool_calls: [
        {
          index,
          id: `call_${calls}_${index}`,
          type: 'function',
          function: { name: tool.name, arguments: '' },
        },
      ],
    });
    const half = Math.ceil(tool.arguments.length / 2);
    for (const part of [tool.arguments.slice(0, half), tool.arguments.slice(half)])
      if (part) chunk({ tool_calls: [{ index, function: { arguments: part } }] });
  });
  chunk({}, turn.tools?.length ? 'tool_calls' : 'stop');
  res.end('data: [DONE]\n\n');
}

/**
 * An OpenAI-compatible chat-completions server on a loopback port, answering from a script: each
 * call takes the next turn (then `otherwise`, if set, for every call after), streamed as OpenAI
 * streams (`chat.completion.chunk` lines, tool calls in fragments by index, `[DONE]`).
 */
export async function scriptedModel() {
  const requests: ModelRequest[] = [];
  let script: Turn[] = [];
  let otherwise: Turn | undefined;
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions')
        return void res.writeHead(404).end();
      requests.push({ headers: req.headers, body: JSON.parse(raw) });
      const turn = script.shift() ?? otherwise;
      if (!turn)
        return void res
          .writeHead(500, { 'content-type': 'application/json' })
          .end('{"error":{"message":"the script has ended"}}');
      if ('down' in turn) return void req.socket.destroy();
      if ('status' in turn)
        return void res
          .writeHead(turn.status, { 'content-type': 'application/json' })
          .end(turn.body);
      stream(res, turn);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    /** The next answers, and (if given) the answer to every call after them. */
    play(turns: Turn[], after?: Turn) {
      script = [...turns];
      otherwise = after;
      requests.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
