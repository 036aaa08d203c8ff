import type { Deps } from '../deps.js';
import type { TaskUpdate } from '../db/database.js';
import { ensureTags, setTaskTags } from '../db/tags.js';
import { isAlreadyReminded } from '../reminders/already-reminded.js';
import type { TaskPatch, TaskView } from '../schemas/task.js';
import { changeTask } from './change-task.js';
import { canonicalRecurrence } from '../recurrence/rule.js';
import { assertValidSchedule } from './rules.js';

/**
 * Applies a patch: absent fields stay, `null` clears. The cross-field rules are checked on the task as
 * it would be afterwards, so clearing `due_at` of a recurring task is refused like creating one.
 */
export async function patchTask(
  deps: Deps,
  userId: string,
  id: string,
  patch: TaskPatch,
  expectedVersion?: number,
): Promise<TaskView> {
  const recurrence = patch.recurrence ? canonicalRecurrence(patch.recurrence) : patch.recurrence;
  return changeTask(deps, userId, id, expectedVersion, {
    event: 'updated',
    async apply(row, tx, now) {
      if (Object.keys(patch).length === 0) return null;
      const schedule = {
        due_at: patch.due_at === undefined ? row.due_at : patch.due_at,
        remind_at: patch.remind_at === undefined ? row.remind_at : patch.remind_at,
        recurrence: recurrence === undefined ? row.recurrence : recurrence,
      };
      assertValidSchedule(schedule);
      if (patch.tags !== undefined) {
        const tags = await ensureTags(tx, userId, patch.tags ?? [], deps.ids.next, now);
        await setTaskTags(tx, id, tags.map((t) => t.id));
      }
      const changes: TaskUpdate = {};
      if (patch.title !== undefined) changes.title = patch.title;
      if (patch.description !== undefined) changes.description = patch.description;
      if (patch.priority !== undefined) changes.priority = patch.priority;
      if (patch.due_at !== undefined) changes.due_at = patch.due_at;
      if (patch.remind_at !== undefined) {
        changes.remind_at = patch.remind_at;
        // Written back (cut to the minute, say) it stays reminded: no second reminder for it.
        if (isAlreadyReminded(row.reminder_sent_for, patch.remind_at)) changes.reminder_sent_for = patch.remind_at;
      }
      if (recurrence !== undefined) changes.recurrence = recurrence;
      // A new due date or rule starts the series again from that date.
      if (patch.due_at !== undefined || patch.recurrence !== undefined) changes.recurrence_anchor = schedule.recurrence ? schedule.due_at : null;
      return changes;
    },
  });
}
