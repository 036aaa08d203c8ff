import type { Deps } from '../_shared/deps.js';
import { transitionApp } from '../_shared/tasks/transition-app.js';
import { completeTask } from '../_shared/tasks/transitions.js';

/** POST /api/tasks/:id/complete */
export function tasksComplete(deps: Deps) {
  return transitionApp(deps, {
    method: 'post',
    path: '/api/tasks/:id/complete',
    summary: 'Complete a task',
    run: completeTask,
    status: 200,
  });
}
