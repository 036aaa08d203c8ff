import type { Deps } from '../_shared/deps.js';
import { transitionApp } from '../_shared/tasks/transition-app.js';
import { restoreTask } from '../_shared/tasks/transitions.js';

/** POST /api/tasks/:id/restore */
export function tasksRestore(deps: Deps) {
  return transitionApp(deps, {
    method: 'post',
    path: '/api/tasks/:id/restore',
    summary: 'Restore a deleted task',
    run: restoreTask,
    status: 200,
  });
}
