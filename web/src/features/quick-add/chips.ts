import { dateFormat } from '../../lib/time.js';
import type { QuickAddResult } from './api.js';

export interface Chip {
  key: string;
  /** The words of the line it stands for: removing the chip keeps them as words of the title. */
  text: string;
  label: string;
  problem: boolean;
}

const KIND = {
  due: 'Due',
  tag: 'Tag',
  priority: 'Priority',
  project: 'Project',
  recurrence: 'Repeats',
  title: 'Title',
} as const;

function dueLabel(r: QuickAddResult, timeZone: string | undefined): string {
  const at = new Date(r.due_at!);
  const date = dateFormat(undefined, {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: at.getFullYear() === new Date().getFullYear() ? undefined : 'numeric',
  }).format(at);
  return r.due_has_time
    ? `${date}, ${dateFormat(undefined, { timeZone, hour: 'numeric', minute: '2-digit' }).format(at)}`
    : date;
}

/** What was understood, one chip a piece, in the order of the line; then what is wrong. */
export function chipsOf(
  r: QuickAddResult,
  projectName: (id: string) => string,
  timeZone?: string,
): Chip[] {
  const value = (kind: keyof typeof KIND, text: string): string => {
    if (kind === 'due' && r.due_at) return dueLabel(r, timeZone);
    if (kind === 'priority' && r.priority) return r.priority;
    if (kind === 'project' && r.project_id) return projectName(r.project_id);
    if (kind === 'tag') return text.slice(1);
    if (kind === 'recurrence') return text.replace(/^every\s+/i, 'every ');
    return text;
  };
  return [
    ...r.spans.map((s) => ({
      key: `${s.kind}:${s.start}`,
      text: s.text,
      label: `${KIND[s.kind]}: ${value(s.kind, s.text)}`,
      problem: false,
    })),
    ...r.problems
      .filter((p) => p.kind !== 'title')
      .map((p) => ({
        key: `problem:${p.start}`,
        text: p.text,
        label: `${p.text}: ${p.message}`,
        problem: true,
      })),
  ];
}
