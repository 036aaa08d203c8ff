import { authorize } from '../access/rule.js';
import { placeRole, roleIn } from '../db/access.js';
import type { Tx } from '../db/database.js';
import { lockTask } from '../db/tasks.js';
import { badRequest } from '../errors.js';

/** Where a new task goes: its project, and its parent when it is a subtask. */
export interface Placement {
  projectId: string;
  parentId: string | null;
}

/**
 * Where a task is created, checked by the access rule: a subtask goes in its parent's project (the
 * parent must be a live task the user may change, and not itself a subtask); otherwise the project
 * asked for, or the user's Inbox. Writing there needs the editor role, held until the task is in
 * (a deletion of the project at the same moment waits, or is seen).
 */
export async function placeNewTask(
  tx: Tx,
  userId: string,
  input: { project_id?: string | undefined; parent_id?: string | undefined },
): Promise<Placement> {
  if (input.parent_id !== undefined) {
    const parent = await lockTask(tx, userId, input.parent_id);
    if (!parent || parent.deleted_at !== null)
      throw badRequest('The parent task does not exist', [
        { path: 'parent_id', message: 'No such task' },
      ]);
    if (parent.parent_id !== null)
      throw badRequest('A subtask cannot have subtasks', [
        { path: 'parent_id', message: 'Pick a task that is not a subtask' },
      ]);
    if (input.project_id !== undefined && input.project_id !== parent.project_id) {
      throw badRequest('A subtask is in its parent’s project', [
        { path: 'project_id', message: 'Leave it out, or give the parent’s project' },
      ]);
    }
    authorize(await roleIn(tx, userId, parent.project_id, { hold: true }), 'write', 'Task');
    return { projectId: parent.project_id, parentId: parent.id };
  }
  // The Inbox is found and checked in one statement: most tasks are created without a project.
  const { projectId, role } = await placeRole(tx, userId, input.project_id, { hold: true });
  authorize(role, 'write', 'Project');
  return { projectId, parentId: null };
}

/** An assignee must be an accepted member of the task's project. */
export async function assertAssignable(
  tx: Tx,
  projectId: string,
  assigneeId: string | null | undefined,
): Promise<void> {
  if (assigneeId == null) return;
  if ((await roleIn(tx, assigneeId, projectId, { hold: true })) === null) {
    throw badRequest('The assignee is not a member of the task’s project', [
      { path: 'assignee_id', message: 'Assign it to a member of its project' },
    ]);
  }
}
