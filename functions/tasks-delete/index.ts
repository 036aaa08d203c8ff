import type { Deps } from '../_shared/deps.js';
import { transitionApp } from '../_shared/tasks/transition-app.js';
import { deleteTask } from '../_shared/tasks/transitions.js';

/** DELETE /api/tasks/:id */
export function tasksDelete(deps: Deps) {
  return transitionApp(deps, {
    method: 'delete',
    path: '/api/tasks/:id',
    summary: 'Move a task to the trash (soft delete)',
    run: deleteTask,
    status: 204,
  });
}
