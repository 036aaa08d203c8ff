import { request } from '../../lib/api.js';
import type { Recurrence, TagView, TaskView } from '../../lib/types.js';

export interface TaskPage {
  items: TaskView[];
  next_cursor: string | null;
}

/** What the task form sends: every field, `null` to clear it. */
export interface TaskDraft {
  title: string;
  description: string | null;
  priority: string;
  tags: string[];
  due_at: string | null;
  remind_at: string | null;
  recurrence: Recurrence | null;
}

export const listTasks = (query: Record<string, string | undefined>) =>
  request<TaskPage>('GET', '/api/tasks', { query });
export const getTask = (id: string) => request<TaskView>('GET', `/api/tasks/${id}`);
/** Creates a task in the project given, or in the user's Inbox. */
export const createTask = (draft: TaskDraft, projectId?: string) =>
  request<TaskView>('POST', '/api/tasks', {
    body: projectId ? { ...draft, project_id: projectId } : draft,
  });
/** Creates a task from a title and what its place gives it (a project, a due date, a parent). */
export const addTask = (body: {
  title: string;
  project_id?: string;
  due_at?: string;
  parent_id?: string;
}) => request<TaskView>('POST', '/api/tasks', { body });
/** Changes some fields with no version check: a reorder, a move, a tag added in bulk, an undo. */
export const patchTask = (
  id: string,
  patch: Partial<TaskDraft> & { position?: number; project_id?: string },
) => request<TaskView>('PATCH', `/api/tasks/${id}`, { body: patch });

/** Saves the fields given (only those) if nobody changed the task since `version` was read (else 412). */
export const updateTask = (id: string, patch: Partial<TaskDraft>, version: number) =>
  request<TaskView>('PATCH', `/api/tasks/${id}`, {
    body: patch,
    headers: { 'if-match': `"${version}"` },
  });

export const completeTask = (id: string) => request<TaskView>('POST', `/api/tasks/${id}/complete`);
/**
 * What reopening a recurring task did with the occurrence its completion created: withdrawn with it,
 * or kept because the user had changed it. Absent from servers that predate it.
 */
export interface Successor {
  id: string;
  outcome: 'withdrawn' | 'kept';
}
export const reopenTask = (id: string) =>
  request<TaskView & { successor?: Successor | null }>('POST', `/api/tasks/${id}/reopen`);
export const deleteTask = (id: string) => request<void>('DELETE', `/api/tasks/${id}`);
export const restoreTask = (id: string) => request<TaskView>('POST', `/api/tasks/${id}/restore`);

/** The user's tags, to filter by and to pick from. */
export const listTags = () => request<TagView[]>('GET', '/api/tags');
