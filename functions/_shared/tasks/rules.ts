import { badRequest } from '../errors.js';
import type { StoredRecurrence } from '../schemas/recurrence.js';

interface Schedule {
  due_at: Date | null;
  remind_at: Date | null;
  recurrence: StoredRecurrence | null;
}

/** The rules that span fields, checked on the task as it will be after a create or a patch. */
export function assertValidSchedule(task: Schedule): void {
  if (task.remind_at && task.due_at && task.remind_at.getTime() > task.due_at.getTime()) {
    throw badRequest('The reminder must not be after the due date', [
      { path: 'remind_at', message: 'Set the reminder at or before the due date' },
    ]);
  }
  if (task.recurrence && !task.due_at) {
    throw badRequest('A recurring task needs a due date', [
      { path: 'due_at', message: 'A repeating task needs a due date' },
    ]);
  }
}

/** A subtask does not repeat: its parent does, and carries its subtasks to each next occurrence. */
export function assertValidSubtask(task: {
  parent_id: string | null;
  recurrence: StoredRecurrence | null;
}): void {
  if (task.parent_id !== null && task.recurrence) {
    throw badRequest('A subtask cannot repeat', [
      { path: 'recurrence', message: 'Let its parent task repeat instead' },
    ]);
  }
}
