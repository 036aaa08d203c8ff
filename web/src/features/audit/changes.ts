import type { TaskView } from '../../lib/types.js';

/** What the audit log keeps of a task (entries written before projects lack the project fields). */
type Snapshot = Partial<TaskView> &
  Pick<
    TaskView,
    'title' | 'description' | 'priority' | 'tags' | 'due_at' | 'remind_at' | 'recurrence'
  >;

const FIELDS = [
  ['title', (t: Snapshot) => t.title],
  ['description', (t: Snapshot) => t.description ?? ''],
  ['priority', (t: Snapshot) => t.priority],
  [
    'tags',
    (t: Snapshot) =>
      t.tags
        .map((x) => x.name.toLowerCase())
        .sort()
        .join('\n'),
  ],
  ['due date', (t: Snapshot) => t.due_at ?? ''],
  ['reminder', (t: Snapshot) => t.remind_at ?? ''],
  ['repeat', (t: Snapshot) => JSON.stringify(t.recurrence)],
] as const;

/** The fields an update changed, named as a person would: "title", "due date". */
export function changedOf(before: Snapshot, after: Snapshot): string[] {
  return FIELDS.filter(([, read]) => read(before) !== read(after)).map(([name]) => name);
}
