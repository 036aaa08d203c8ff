import {
  ErrorCode,
  McpError,
  type GetPromptResult,
  type Prompt,
} from '@modelcontextprotocol/sdk/types.js';
import type { Temporal } from 'temporal-polyfill';
import { getMe } from '../accounts/accounts.js';
import type { TaskView } from '../schemas/task.js';
import { listTaskPage } from '../tasks/read-tasks.js';
import type { ToolContext } from './tool.js';

// Loaded on first use, as the recurrence code does: no request but this prompt pays for the polyfill.
let loading: Promise<typeof Temporal> | undefined;
const temporal = () => (loading ??= import('temporal-polyfill').then((mod) => mod.Temporal));

export const PROMPTS: Prompt[] = [
  {
    name: 'plan_my_day',
    title: 'Plan my day',
    description:
      'What is overdue and due today in the user’s time zone, with a request to order it into a plan (changing nothing without asking).',
  },
];

const line = (t: TaskView) =>
  `- ${t.title} (id ${t.id}, ${t.priority}${t.due_at ? `, due ${t.due_at}` : ''}${t.assignee_id ? `, assigned` : ''})`;
const section = (title: string, tasks: TaskView[], more: boolean) =>
  `${title}:\n${tasks.length ? tasks.map(line).join('\n') : '- nothing'}${more ? '\n- … and more (list_tasks shows them)' : ''}`;

/** The prompt's messages, built from the user's tasks as they are now (the same reads as list_tasks). */
export async function promptMessages(
  ctx: ToolContext,
  name: string,
  _args: Record<string, string>,
): Promise<GetPromptResult> {
  if (name !== 'plan_my_day')
    throw new McpError(ErrorCode.InvalidParams, `No prompt named ${name}`);
  const { deps, userId } = ctx;
  const [me, T] = await Promise.all([getMe(deps, userId), temporal()]);
  const now = deps.clock.now();
  const today = T.Instant.fromEpochMilliseconds(now.getTime())
    .toZonedDateTimeISO(me.timezone)
    .startOfDay();
  const [start, end] = [
    new Date(today.epochMilliseconds),
    new Date(today.add({ days: 1 }).epochMilliseconds - 1),
  ];
  const base = { status: 'pending', sort: 'due_at', order: 'asc', limit: 50 } as const;
  const [overdue, due] = await Promise.all([
    listTaskPage(deps, userId, { ...base, overdue: true, due_to: start }),
    listTaskPage(deps, userId, { ...base, due_from: start, due_to: end }),
  ]);
  const text = [
    `Help me plan my day: ${today.toPlainDate().toString()} (${me.timezone}); it is now ${now.toISOString()}.`,
    section('Overdue', overdue.items, overdue.next_cursor !== null),
    section('Due today', due.items, due.next_cursor !== null),
    'Order these into a realistic plan for today (most urgent and important first), say what to move to another day, and ask me before you change anything with the tools.',
  ].join('\n\n');
  return {
    description: 'Plan my day',
    messages: [{ role: 'user', content: { type: 'text', text } }],
  };
}
