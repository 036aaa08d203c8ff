import type { Deps } from '../_shared/deps.js';
import { ReopenedTask } from '../_shared/schemas/reopened-task.js';
import { transitionApp } from '../_shared/tasks/transition-app.js';
import { reopenTask } from '../_shared/tasks/transitions.js';

/** POST /api/tasks/:id/reopen: the task, and `successor`: what became of its next occurrence. */
export function tasksReopen(deps: Deps) {
  return transitionApp(deps, {
    method: 'post',
    path: '/api/tasks/:id/reopen',
    summary: 'Reopen a completed task',
    run: reopenTask,
    status: 200,
    schema: ReopenedTask,
  });
}
