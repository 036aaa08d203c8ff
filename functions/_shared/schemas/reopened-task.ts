import * as z from 'zod';
import { Task } from './task.js';

/**
 * What became of a recurring task's next occurrence when the task was reopened: `withdrawn` (it was
 * open and untouched, so it went with the completion that spawned it, and comes back if the task is
 * completed again), `kept` (its user had changed, completed or deleted it: it stays as they left it).
 */
export const SuccessorOutcome = z
  .object({
    id: z.uuid(),
    outcome: z.enum(['withdrawn', 'kept']),
  })
  .meta({ id: 'SuccessorOutcome' });
export type SuccessorOutcome = z.infer<typeof SuccessorOutcome>;

/** The answer to a reopen: the task, and its next occurrence's fate (null: none was spawned). */
export const ReopenedTask = Task.extend({ successor: SuccessorOutcome.nullable() }).meta({ id: 'ReopenedTask' });
export type ReopenedTaskView = z.infer<typeof ReopenedTask>;
