import { request } from '../../lib/api.js';
import type { TaskView } from '../../lib/types.js';
import type {
  QuickAddResult,
  QuickAddTask,
} from '../../../../functions/_shared/schemas/quick-add.js';

export type {
  QuickAddResult,
  QuickAddTask,
} from '../../../../functions/_shared/schemas/quick-add.js';

/** What the server reads in a line (the grammar lives there once, with chrono-node: none of it is in the bundle). */
export const parseLine = (text: string, literal: string[]) =>
  request<QuickAddResult>('POST', '/api/tasks/parse', { body: { text, literal } });

/** Creates what the line said: the parse's `task`, in the view's project when the line names none. */
export const createFromLine = (task: QuickAddTask, projectId?: string) =>
  request<TaskView>('POST', '/api/tasks', {
    body: task.project_id || !projectId ? task : { ...task, project_id: projectId },
  });
