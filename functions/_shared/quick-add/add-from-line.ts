import type { Deps } from '../deps.js';
import { quickAddContext } from '../db/quick-add.js';
import { badRequest, notFound } from '../errors.js';
import type { QuickAddResult } from '../schemas/quick-add.js';
import type { parseQuickAdd as ParseQuickAdd } from './parse.js';
import { TaskCreateBody, type TaskView } from '../schemas/task.js';
import { createTask } from '../tasks/create-task.js';

// The grammar (chrono-node, the Temporal polyfill) is loaded on first use: a process that serves no
// quick add, or has not yet, does not pay for it at start.
let grammar: Promise<{ parseQuickAdd: typeof ParseQuickAdd }> | undefined;

/** Reads a line of quick add for the user: in their time zone, now, against their projects. */
export async function parseForUser(
  deps: Pick<Deps, 'db' | 'clock'>,
  userId: string,
  text: string,
  literal: readonly string[] = [],
): Promise<QuickAddResult> {
  const [{ parseQuickAdd }, context] = await Promise.all([
    (grammar ??= import('./parse.js')),
    quickAddContext(deps.db, userId),
  ]);
  if (!context) throw notFound('No such user');
  return parseQuickAdd(text, { ...context, now: deps.clock.now(), literal });
}

/**
 * Creates the task a line says ("Call mom tomorrow 6pm #family !high every sunday @Inbox"), for agents
 * and other callers that have only the line. A line with problems is refused with a 400 naming each
 * piece (path `text`), and nothing is created.
 */
export async function addFromLine(
  deps: Deps,
  userId: string,
  text: string,
): Promise<{ task: TaskView; parsed: QuickAddResult }> {
  const parsed = await parseForUser(deps, userId, text);
  if (!parsed.task) {
    throw badRequest(
      'The line could not be read as one task',
      parsed.problems.map((p) => ({ path: 'text', message: `${p.text}: ${p.message}` })),
    );
  }
  const body = TaskCreateBody.safeParse(parsed.task);
  if (!body.success)
    throw badRequest(
      'The line could not be read as one task',
      body.error.issues.map((i) => ({ path: 'text', message: i.message })),
    );
  const task = await createTask(deps, userId, body.data);
  return { task, parsed };
}
