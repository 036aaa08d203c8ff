import { Temporal } from 'temporal-polyfill';
import type { RRule } from '../recurrence/rrule-text.js';
import { recurrenceOf, rruleOfStructured, structuredOf } from '../recurrence/rule.js';
import { INSTANT_RANGE, inInstantRange } from '../schemas/common.js';
import type { QuickAddProblem, QuickAddResult, QuickAddSpan } from '../schemas/quick-add.js';
import type { Priority } from '../schemas/task.js';
import { findDates, type FoundDate } from './dates.js';
import { findEvery, firstDay } from './every.js';
import { findMarks, type QuickAddProject } from './marks.js';
import { dueOf, titleOf } from './title.js';

export type { QuickAddProject } from './marks.js';

export interface QuickAddOptions {
  /** The user's IANA time zone: dates and times are read on its clock. */
  timeZone: string;
  now: Date;
  /** The user's projects (for `@Project`); the Inbox among them. */
  projects: readonly QuickAddProject[];
  /** Pieces to keep as words of the title (a chip the user removed): a span's or a problem's text. */
  literal?: readonly string[];
}

/** The rule as the API stores it: without BY parts beyond plain weekdays, the structured form's meaning. */
const canonical = (rule: RRule): RRule =>
  rule.byMonthDay || rule.byDay?.some((d) => d.ordinal !== 0)
    ? rule
    : rruleOfStructured(structuredOf(rule));

/**
 * Reads one line of quick add: "Call mom tomorrow 6pm #family !high every sunday @Inbox". Pure: the
 * same text, zone, time and projects give the same answer. What it cannot read as grammar stays in
 * the title; what looks like grammar but is wrong (`!superurgent`, `@NoSuchProject`) is a problem.
 */
export function parseQuickAdd(text: string, options: QuickAddOptions): QuickAddResult {
  const literal = new Set(options.literal ?? []);
  const spans: QuickAddSpan[] = [];
  const problems: QuickAddProblem[] = [];
  // Ranges the date parser must not see: the marks read and the pieces that are problems.
  const hidden: [number, number][] = [];
  const free = (start: number, end: number) =>
    !literal.has(text.slice(start, end)) && hidden.every(([s, e]) => end <= s || start >= e);
  const read = (kind: QuickAddSpan['kind'], start: number, end: number) => {
    spans.push({ kind, start, end, text: text.slice(start, end) });
    hidden.push([start, end]);
  };
  const refuse = (kind: QuickAddProblem['kind'], start: number, end: number, message: string) => {
    problems.push({ kind, start, end, text: text.slice(start, end), message });
    hidden.push([start, end]);
  };

  let rule: RRule | null = null;
  for (const every of findEvery(text).filter((e) => free(e.start, e.end))) {
    if (typeof every.rule === 'string') refuse('recurrence', every.start, every.end, every.rule);
    else if (rule) refuse('recurrence', every.start, every.end, 'Give one repeat rule');
    else {
      rule = canonical(every.rule);
      read('recurrence', every.start, every.end);
    }
  }

  const tags: string[] = [];
  let priority: Priority | null = null;
  let projectId: string | null = null;
  for (const mark of findMarks(text, options.projects).filter((m) => free(m.start, m.end))) {
    if ('problem' in mark) refuse(mark.kind, mark.start, mark.end, mark.problem);
    else if (mark.kind === 'tag') {
      if (!tags.some((t) => t.toLowerCase() === mark.value.toLowerCase())) tags.push(mark.value);
      read('tag', mark.start, mark.end);
    } else if (mark.kind === 'priority') {
      if (priority !== null && priority !== mark.value)
        refuse(
          'priority',
          mark.start,
          mark.end,
          `Give one priority (this line already says !${priority})`,
        );
      else {
        priority = mark.value;
        read('priority', mark.start, mark.end);
      }
    } else if (projectId !== null && projectId !== mark.value)
      refuse('project', mark.start, mark.end, 'Give one project');
    else {
      projectId = mark.value;
      read('project', mark.start, mark.end);
    }
  }

  const masked = hidden.reduce((t, [s, e]) => t.slice(0, s) + ' '.repeat(e - s) + t.slice(e), text);
  const now = Temporal.Instant.fromEpochMilliseconds(options.now.getTime());
  const found: FoundDate | undefined = findDates(masked, options.timeZone, now).find((d) =>
    free(d.start, d.end),
  );
  let due = dueOf(found, rule, options.timeZone, now, firstDay);
  if (due && !inInstantRange(due.at)) {
    refuse(
      'due',
      found?.start ?? 0,
      found?.end ?? text.length,
      `Ripple keeps due dates from ${INSTANT_RANGE.from.slice(0, 4)} to ${INSTANT_RANGE.to.slice(0, 4)}`,
    );
    due = null;
  } else if (found && due) read('due', found.start, found.end);

  spans.sort((a, b) => a.start - b.start);
  const title = titleOf(text, spans);
  if (title === '')
    problems.push({
      kind: 'title',
      start: 0,
      end: text.length,
      text,
      message: 'Give the task a title: words beside the date, tags and the rest',
    });
  else if (title.length > 200)
    problems.push({
      kind: 'title',
      start: 0,
      end: text.length,
      text,
      message: 'Keep the title to 200 characters or fewer',
    });
  problems.sort((a, b) => a.start - b.start);
  const dueAt = due ? due.at.toISOString() : null;
  const recurrence = rule ? recurrenceOf(rule, 'due') : null;
  const task =
    problems.length > 0
      ? null
      : {
          title,
          tags,
          ...(priority ? { priority } : {}),
          ...(dueAt ? { due_at: dueAt } : {}),
          ...(recurrence ? { recurrence } : {}),
          ...(projectId ? { project_id: projectId } : {}),
        };
  return {
    title,
    due_at: dueAt,
    due_has_time: due?.hasTime ?? false,
    tags,
    priority,
    recurrence,
    project_id: projectId,
    spans,
    problems,
    task,
  };
}
