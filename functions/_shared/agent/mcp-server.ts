import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { callTool } from './call.js';
import { PROMPTS, promptMessages } from './mcp-prompts.js';
import { listResources, readResource, RESOURCE_TEMPLATES } from './mcp-resources.js';
import { inputJsonSchema, outputJsonSchema, type AgentTool, type ToolContext } from './tool.js';
import { AGENT_TOOLS, findTool } from './tools.js';

export const SERVER_INFO = { name: 'ripple', title: 'Ripple', version: '0.1.0' };

const INSTRUCTIONS =
  'Ripple is a task manager. Tasks live in projects (the Inbox is the default); ids are UUIDs. Times are RFC 3339 with an offset. ' +
  'Read before you change: get_task answers a task’s version, which update tools take to refuse a change made meanwhile. ' +
  'A failed call answers the API’s problem: its title, what was wrong and, for bad arguments, each field.';

/** A tool as `tools/list` answers it, its schemas computed once per process. */
const described = new Map<string, Tool>();
function describeTool(tool: AgentTool): Tool {
  let entry = described.get(tool.name);
  if (!entry) {
    entry = {
      name: tool.name,
      title: tool.title,
      description: tool.description,
      inputSchema: inputJsonSchema(tool),
      outputSchema: outputJsonSchema(tool),
      annotations: {
        title: tool.title,
        ...tool.annotations,
        ...(tool.scope === 'read' ? {} : { readOnlyHint: false }),
        openWorldHint: false,
      },
    };
    described.set(tool.name, entry);
  }
  return entry;
}

/** A tool call's MCP result: structured content (and the same as text, for clients that read only text), or a tool error. */
export async function callToolResult(
  ctx: ToolContext,
  name: string,
  args: unknown,
): Promise<CallToolResult> {
  const tool = findTool(name);
  if (!tool) throw new McpError(ErrorCode.InvalidParams, `No tool named ${name}`);
  const outcome = await callTool(ctx, tool, args);
  if (outcome.isError) return { isError: true, content: [{ type: 'text', text: outcome.text }] };
  return { content: [{ type: 'text', text: outcome.text }], structuredContent: outcome.structured };
}

/**
 * An MCP server for one request's principal. It holds nothing between requests: a new one answers
 * each request (stateless Streamable HTTP), so any replica answers any request of a client.
 */
export function mcpServer(ctx: ToolContext): Server {
  const server = new Server(SERVER_INFO, {
    capabilities: {
      tools: { listChanged: false },
      resources: { listChanged: false },
      prompts: { listChanged: false },
    },
    instructions: INSTRUCTIONS,
  });
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: AGENT_TOOLS.map(describeTool),
  }));
  server.setRequestHandler(CallToolRequestSchema, (request) =>
    callToolResult(ctx, request.params.name, request.params.arguments),
  );
  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({
    resourceTemplates: RESOURCE_TEMPLATES,
  }));
  server.setRequestHandler(ListResourcesRequestSchema, async () => ({
    resources: await listResources(ctx),
  }));
  server.setRequestHandler(ReadResourceRequestSchema, async (request) => ({
    contents: await readResource(ctx, request.params.uri),
  }));
  server.setRequestHandler(ListPromptsRequestSchema, () => ({ prompts: PROMPTS }));
  server.setRequestHandler(GetPromptRequestSchema, async (request) =>
    promptMessages(ctx, request.params.name, request.params.arguments ?? {}),
  );
  return server;
}
