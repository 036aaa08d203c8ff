import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';

// One validator for every client of a test file: the tools' output schemas (named by $id) compile once, not per client.
const validator = new AjvJsonSchemaValidator();

/**
 * The MCP SDK's own client over Streamable HTTP, connected (initialized) to `/mcp` of `urls` with a
 * bearer token, its tools listed. Several URLs: each request goes to the next (replicas behind one name).
 */
export async function mcpClient(urls: string | string[], token: string) {
  const bases = Array.isArray(urls) ? urls : [urls];
  let turn = 0;
  const served: string[] = [];
  const transport = new StreamableHTTPClientTransport(new URL(`${bases[0]}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
    fetch: (url, init) => {
      const base = bases[turn++ % bases.length]!;
      served.push(base);
      return fetch(new URL(new URL(url).pathname, base), init);
    },
  });
  const client = new Client(
    { name: 'ripple-test', version: '1.0.0' },
    { jsonSchemaValidator: validator },
  );
  await client.connect(transport);
  // Listing the tools arms the client's check of every result against its tool's output schema.
  await client.listTools();
  /** Calls a tool, answering its result as the SDK validated it (structured content checked against the tool's output schema). */
  const call = async (name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;
  return { client, call, served, close: () => client.close() };
}

/** The text of a tool error (what a model reads). */
export const errorText = (result: CallToolResult) => (result.content[0] as { text: string }).text;
