import { READ_ONLY_DETAIL } from '../auth/access-tokens.js';
import type { FieldError } from '../errors.js';
import { forbidden, Problem, badRequest } from '../errors.js';
import { toProblem } from '../http/problem-response.js';
import { fieldErrors } from '../http/validate.js';
import type { AgentTool, ToolContext } from './tool.js';

/** A problem as the API answers it (problem+json), carried by a failed tool call. */
export interface ToolProblem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
}

/** A tool call's outcome: the structured result, or the problem the API would have answered. */
export type ToolOutcome =
  | { isError: false; structured: Record<string, unknown>; text: string }
  | { isError: true; problem: ToolProblem; text: string };

/** One line a model (or a person) reads: "Not Found: Task not found", with each field's error. */
export function problemText(problem: ToolProblem): string {
  const fields = (problem.errors ?? [])
    .map((e) => `${e.path || '(arguments)'}: ${e.message}`)
    .join('; ');
  return `${problem.title}: ${problem.detail ?? problem.title}${fields ? ` (${fields})` : ''}`;
}

const failed = (problem: Problem): ToolOutcome => {
  const json = problem.toJSON() as unknown as ToolProblem;
  return { isError: true, problem: json, text: problemText(json) };
};

/**
 * Calls a tool as an agent does: the arguments are validated by the tool's schema (a failure names
 * the field), a write tool is refused to a read-only context, and a domain error comes back as the
 * problem the API answers, never as a thrown error. Only a bug (anything but a Problem or a passing
 * database failure) is logged and answered as a 500 without internals.
 */
export async function callTool(
  ctx: ToolContext,
  tool: AgentTool,
  args: unknown,
): Promise<ToolOutcome> {
  if (tool.scope === 'write' && ctx.scope !== 'read+write')
    return failed(forbidden(READ_ONLY_DETAIL));
  const parsed = tool.input.safeParse(args ?? {});
  if (!parsed.success)
    return failed(badRequest('Invalid arguments', fieldErrors(parsed.error, '')));
  try {
    const structured = (await tool.run(ctx, parsed.data)) as Record<string, unknown>;
    return { isError: false, structured, text: JSON.stringify(structured) };
  } catch (err) {
    const problem = toProblem(err);
    if (problem) return failed(problem);
    ctx.deps.logger.error({ err, tool: tool.name }, 'tool failed');
    return failed(
      new Problem(500, { title: 'Internal Server Error', detail: `The tool ${tool.name} failed` }),
    );
  }
}
