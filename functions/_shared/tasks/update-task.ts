import type { Deps } from '../deps.js';
import type { TaskRow, TaskUpdate, Tx } from '../db/database.js';
import { authorize } from '../access/rule.js';
import { roleIn } from '../db/access.js';
import { badRequest } from '../errors.js';
import { announceAssignment } from './assignment.js';
import { assertAssignable } from './placement.js';
import { moveSubtasks } from './subtasks.js';
import { ensureTags, setTaskTags } from '../db/tags.js';
import { isAlreadyReminded } from '../reminders/already-reminded.js';
import type { TaskPatch, TaskView } from '../schemas/task.js';
import { changeTask } from './change-task.js';
import { canonicalRecurrence } from '../recurrence/rule.js';
import { assertValidSchedule, assertValidSubtask } from './rules.js';

/**
 * A move to another project (the user must be an editor there; a subtask moves only with its parent)
 * and the assignee (a member of the project the task ends in; one who is not a member there is
 * unassigned by the move).
 */
async function placement(
  tx: Tx,
  userId: string,
  row: TaskRow,
  patch: TaskPatch,
): Promise<TaskUpdate> {
  const changes: TaskUpdate = {};
  if (patch.project_id !== undefined && patch.project_id !== row.project_id) {
    if (row.parent_id !== null)
      throw badRequest('A subtask stays in its parent’s project', [
        { path: 'project_id', message: 'Move its parent instead' },
      ]);
    authorize(await roleIn(tx, userId, patch.project_id, { hold: true }), 'write', 'Project');
    changes.project_id = patch.project_id;
  }
  const projectId = changes.project_id ?? row.project_id;
  if (patch.assignee_id !== undefined) {
    await assertAssignable(tx, projectId, patch.assignee_id);
    changes.assignee_id = patch.assignee_id;
  } else if (
    changes.project_id !== undefined &&
    row.assignee_id !== null &&
    (await roleIn(tx, row.assignee_id, projectId)) === null
  ) {
    changes.assignee_id = null;
  }
  return changes;
}

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
    async also(w, task) {
      if (!task.changed) return;
      if (task.after.project_id !== task.before.project_id)
        await moveSubtasks(
          w,
          task.after,
          async (member) => (await roleIn(w.tx, member, task.after.project_id)) !== null,
        );
      await announceAssignment(deps, w.record, {
        task: task.after,
        actorId: userId,
        previous: task.before.assignee_id,
        now: w.now,
      });
    },
    async apply(row, tx, now) {
      if (Object.keys(patch).length === 0) return null;
      const schedule = {
        due_at: patch.due_at === undefined ? row.due_at : patch.due_at,
        remind_at: patch.remind_at === undefined ? row.remind_at : patch.remind_at,
        recurrence: recurrence === undefined ? row.recurrence : recurrence,
      };
      assertValidSchedule(schedule);
      assertValidSubtask({ parent_id: row.parent_id, recurrence: schedule.recurrence });
      if (patch.tags !== undefined) {
        const tags = await ensureTags(tx, userId, patch.tags ?? [], deps.ids.next, now);
        await setTaskTags(
          tx,
          id,
          tags.map((t) => t.id),
        );
      }
      const changes: TaskUpdate = {};
      if (patch.title !== undefined) changes.title = patch.title;
      if (patch.description !== undefined) changes.description = patch.description;
      if (patch.priority !== undefined) changes.priority = patch.priority;
      if (patch.due_at !== undefined) changes.due_at = patch.due_at;
      if (patch.remind_at !== undefined) {
        changes.remind_at = patch.remind_at;
        // Written back (cut to the minute, say) it stays reminded: no second reminder for it.
        if (isAlreadyReminded(row.reminder_sent_for, patch.remind_at))
          changes.reminder_sent_for = patch.remind_at;
      }
      if (recurrence !== undefined) changes.recurrence = recurrence;
      if (patch.position !== undefined) changes.position = patch.position;
      Object.assign(changes, await placement(tx, userId, row, patch));
      // A new due date or rule starts the series again from that date.
      if (patch.due_at !== undefined || patch.recurrence !== undefined)
        changes.recurrence_anchor = schedule.recurrence ? schedule.due_at : null;
      return changes;
    },
  });
}
