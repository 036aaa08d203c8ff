import type { TaskView } from '../../lib/types.js';

const FIELDS = [
  ['title', (t: TaskView) => t.title],
  ['description', (t: TaskView) => t.description ?? ''],
  ['priority', (t: TaskView) => t.priority],
  ['tags', (t: TaskView) => t.tags.map((x) => x.name.toLowerCase()).sort().join('\n')],
  ['due date', (t: TaskView) => t.due_at ?? ''],
  ['reminder', (t: TaskView) => t.remind_at ?? ''],
  ['repeat', (t: TaskView) => JSON.stringify(t.recurrence)],
] as const;

/** The fields an update changed, named as a person would: "title", "due date". */
export function changedOf(before: TaskView, after: TaskView): string[] {
  return FIELDS.filter(([, read]) => read(before) !== read(after)).map(([name]) => name);
}
