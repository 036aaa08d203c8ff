import { Hono } from 'hono';
import type { Deps } from '../_shared/deps.js';
import { Problem } from '../_shared/errors.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';

export const MCP_PATH = '/mcp';

// The SDK is loaded on the first MCP request, not at start: the registry imports every function into
// every process, and importing the SDK costs more than a whole function's cold start (BENCHMARKS.md).
const load = () =>
  Promise.all([
    import('@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js'),
    import('../_shared/agent/mcp-server.js'),
  ]);
let sdk: ReturnType<typeof load> | undefined;
const loadSdk = () => (sdk ??= load());

const stateless = () =>
  new Problem(405, {
    title: 'Method Not Allowed',
    detail: 'This MCP server is stateless: send each JSON-RPC message with POST',
    headers: { Allow: 'POST' },
  });

/**
 * The Model Context Protocol over Streamable HTTP, for agents (Claude Desktop, VS Code, Cursor…)
 * holding a personal access token (or a session token). Stateless: every POST gets a new server and
 * transport for its principal, answered as JSON, and nothing stays in memory, so any replica answers
 * any request and a scale-to-zero start loses nothing. No server-initiated stream (GET) and no
 * session to end (DELETE): both answer 405, as the specification allows.
 */
export function mcp(deps: Deps) {
  return new Hono<AppEnv>()
    .post(
      MCP_PATH,
      describe({
        summary:
          'MCP (Streamable HTTP, stateless): JSON-RPC requests from an agent; tools, resources and prompts over the same operations as the API',
        responses: {
          200: { description: 'The JSON-RPC answer' },
          202: { description: 'A notification taken' },
          401: { description: 'No valid token' },
        },
      }),
      // Every call is a POST; each write tool checks the principal's scope itself.
      requireUser(deps, { changes: false }),
      async (c) => {
        const [{ WebStandardStreamableHTTPServerTransport }, { mcpServer }] = await loadSdk();
        const transport = new WebStandardStreamableHTTPServerTransport({
          sessionIdGenerator: undefined,
          enableJsonResponse: true,
        });
        const server = mcpServer({ deps, userId: c.var.userId, scope: c.var.principal.scope });
        await server.connect(transport);
        try {
          return await transport.handleRequest(c.req.raw);
        } finally {
          await server.close();
        }
      },
    )
    .get(
      MCP_PATH,
      describe({
        summary: 'Not offered: the server holds no stream',
        responses: { 405: { description: 'Use POST' } },
      }),
      () => {
        throw stateless();
      },
    )
    .delete(
      MCP_PATH,
      describe({
        summary: 'Not offered: there is no session to end',
        responses: { 405: { description: 'Use POST' } },
      }),
      () => {
        throw stateless();
      },
    );
}
