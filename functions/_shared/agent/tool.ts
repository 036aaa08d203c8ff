import * as z from 'zod';
import type { AccessScope } from '../auth/access-tokens.js';
import type { Deps } from '../deps.js';

export type { AccessScope };

/** Who calls a tool: the same ports the HTTP functions get, the acting user, and what they may do. */
export interface ToolContext {
  deps: Deps;
  userId: string;
  scope: AccessScope;
}

/**
 * MCP's behaviour hints, each set only where it is true of the tool (a write tool says whether it
 * overwrites or removes something, `destructiveHint`, since MCP assumes so when the hint is absent).
 */
export interface ToolAnnotations {
  readOnlyHint?: true;
  destructiveHint?: boolean;
  idempotentHint?: true;
}

/**
 * One operation an agent may call (over MCP, or from the chat loop). `input` validates the arguments
 * exactly as the API validates its requests (the same zod pieces); `output` describes what `run`
 * answers, always an object. `run` calls the shared domain code the HTTP functions call.
 */
export interface AgentTool<I extends z.ZodType = z.ZodType, O extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  description: string;
  input: I;
  output: O;
  annotations: ToolAnnotations;
  /** `write` tools are refused to a read-only context. */
  scope: 'read' | 'write';
  run(ctx: ToolContext, args: z.output<I>): Promise<z.input<O>>;
}

/** Declares a tool, keeping its input and output types tied to its schemas. */
export const defineTool = <I extends z.ZodType, O extends z.ZodObject>(
  tool: AgentTool<I, O>,
): AgentTool => tool as unknown as AgentTool;

/** A tool's arguments as JSON Schema (draft 2020-12), what MCP's `inputSchema` and an LLM's function parameters take. */
export const inputJsonSchema = (tool: AgentTool) => jsonSchema(tool.input, 'input');

/**
 * A tool's result as JSON Schema: MCP's `outputSchema`. Its `$id` names it, so that a client that
 * validates results (the SDK's does, with Ajv) may compile it once and not once per connection.
 */
export const outputJsonSchema = (tool: AgentTool) => ({
  $id: `urn:ripple:tool:${tool.name}:output`,
  ...jsonSchema(tool.output, 'output'),
});

function jsonSchema(
  schema: z.ZodType,
  io: 'input' | 'output',
): { type: 'object'; [key: string]: unknown } {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return { ...rest, type: 'object' };
}
