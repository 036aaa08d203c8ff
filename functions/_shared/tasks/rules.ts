import { badRequest } from '../errors.js';
import type { Recurrence } from '../schemas/task.js';

interface Schedule {
  due_at: Date | null;
  remind_at: Date | null;
  recurrence: Recurrence | null;
}

/** The rules that span fields, checked on the task as it will be after a create or a patch. */
export function assertValidSchedule(task: Schedule): void {
  if (task.remind_at && task.due_at && task.remind_at.getTime() > task.due_at.getTime()) {
    throw badRequest('The reminder must not be after the due date', [{ path: 'remind_at', message: 'must not be after due_at' }]);
  }
  if (task.recurrence && !task.due_at) {
    throw badRequest('A recurring task needs a due date', [{ path: 'recurrence', message: 'requires due_at' }]);
  }
}
