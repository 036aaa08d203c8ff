import {
  AGENT_TOOLS,
  callTool,
  findTool,
  inputJsonSchema,
  type AccessScope,
} from '../agent/tools.js';
import type { Deps } from '../deps.js';
import type { ToolRunner } from './loop.js';
import type { ModelTool } from './model.js';

/** What a tool answers the model at most; a longer answer is cut (a page of tasks is far below it). */
const MAX_RESULT_CHARS = 16_000;

let definitions: ModelTool[] | undefined;

/** The agent tools as chat-completions functions, their parameters from the tools' zod input schemas. */
export function toolDefinitions(): ModelTool[] {
  return (definitions ??= AGENT_TOOLS.map((tool) => ({
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: inputJsonSchema(tool) },
  })));
}

/** One line for the user about what a tool answered: the task's title, how many were found, or done. */
export function summarize(result: Record<string, unknown>): string {
  for (const [key, value] of Object.entries(result)) {
    if (Array.isArray(value)) return `${value.length} ${value.length === 1 ? 'result' : 'results'}`;
    const title =
      (value as { title?: unknown; name?: unknown } | null)?.title ??
      (value as { name?: unknown } | null)?.name;
    if (typeof title === 'string') return `${key} “${title}”`;
  }
  return 'done';
}

/**
 * The shared agent tools (functions/_shared/agent), run for the user with the scope of their credential
 * (a session reads and writes; a write tool is refused to a read-only one, as a tool error). A call the model gets wrong (an unknown tool, arguments that are not JSON
 * or fail the tool's schema, a refusal) comes back to it as a tool error in the API's words.
 */
export function agentToolRunner(deps: Deps, userId: string, scope: AccessScope): ToolRunner {
  const ctx = { deps, userId, scope };
  const failure = (text: string) => ({
    ok: false,
    content: JSON.stringify({ error: text }),
    summary: text,
  });
  return {
    definitions: toolDefinitions(),
    async run(name, rawArguments) {
      const tool = findTool(name);
      if (!tool) return failure(`Not Found: there is no tool named "${name}"`);
      let args: unknown;
      try {
        args = rawArguments.trim() === '' ? {} : JSON.parse(rawArguments);
      } catch {
        return failure('Bad Request: the arguments are not valid JSON');
      }
      const outcome = await callTool(ctx, tool, args);
      if (outcome.isError) return failure(outcome.text);
      const content =
        outcome.text.length > MAX_RESULT_CHARS
          ? `${outcome.text.slice(0, MAX_RESULT_CHARS)}… (cut: ask for fewer)`
          : outcome.text;
      return { ok: true, content, summary: summarize(outcome.structured) };
    },
  };
}
