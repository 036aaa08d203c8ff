import type { StoredRecurrence } from '../schemas/recurrence.js';
import type { TaskRow } from '../db/database.js';
import type { ProgressByTask } from '../db/subtasks.js';
import type { TagRef, TagsByTask } from '../db/tags.js';
import { recurrenceView } from '../recurrence/rule.js';
import type { TaskView } from '../schemas/task.js';

const iso = (d: Date | null) => (d === null ? null : d.toISOString());
const NONE = { done: 0, total: 0 };

/** The columns of a task's row that its view shows. */
export type ViewedRow = Pick<
  TaskRow,
  | 'id'
  | 'title'
  | 'description'
  | 'status'
  | 'priority'
  | 'due_at'
  | 'remind_at'
  | 'recurrence'
  | 'series_id'
  | 'completed_at'
  | 'created_at'
  | 'updated_at'
  | 'version'
  | 'project_id'
  | 'parent_id'
  | 'assignee_id'
  | 'user_id'
  | 'position'
>;

/**
 * A task as the API answers it: UTC timestamps, tags and subtask progress inline, no deletion columns. Its
 * tags are those in `tags`, else the row's own `tag_list` (current in any row read or returned after the
 * transaction's last change of its links), else none.
 */
export function toTaskView(
  row: ViewedRow & { tag_list?: TagRef[] },
  tags?: TagsByTask,
  progress?: ProgressByTask,
): TaskView {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    status: row.status,
    priority: row.priority,
    tags: tags?.get(row.id) ?? row.tag_list ?? [],
    due_at: iso(row.due_at),
    remind_at: iso(row.remind_at),
    recurrence: row.recurrence && recurrenceView(row.recurrence),
    series_id: row.series_id,
    completed_at: iso(row.completed_at),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    version: row.version,
    project_id: row.project_id,
    parent_id: row.parent_id,
    assignee_id: row.assignee_id,
    created_by: row.user_id,
    subtasks: progress?.get(row.id) ?? NONE,
    position: row.position,
  };
}

/**
 * A task's view as JSON text, from the text PostgreSQL made of its row (db/tasks.ts, taskViewColumns: the
 * same fields as toTaskView) and its stored recurrence, whose view is made here.
 */
export function taskViewText(view: string, recurrence: StoredRecurrence | null): string {
  if (recurrence === null) return view;
  const parsed = JSON.parse(view) as TaskView;
  parsed.recurrence = recurrenceView(recurrence);
  return JSON.stringify(parsed);
}
