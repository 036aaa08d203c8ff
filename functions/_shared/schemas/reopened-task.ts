import * as z from 'zod';
import { Task } from './task.js';

/**
 * What became of a recurring task's next occurrence when the task was reopened: `withdrawn` (it was
 * open and untouched, so it went with the completion that spawned it, and comes back if the task is
 * completed again), `kept` (its user had changed, completed or deleted it: it stays as they left it).
 */
export const SuccessorOutcome = z
  .object({
    id: z.uuid().meta({ description: 'The next occurrence (a task)' }),
    outcome: z.enum(['withdrawn', 'kept']).meta({
      description:
        '`withdrawn`: it was open and untouched, so it went with the completion (completing again brings it back); `kept`: its user had changed, completed or deleted it, so it stays',
    }),
  })
  .meta({
    id: 'SuccessorOutcome',
    description: "What became of the reopened task's next occurrence",
  });
export type SuccessorOutcome = z.infer<typeof SuccessorOutcome>;

/** The answer to a reopen: the task, and its next occurrence's fate (null: none was spawned). */
export const ReopenedTask = Task.extend({
  successor: SuccessorOutcome.nullable().meta({
    description: 'null: the completion spawned no next occurrence (or the task does not recur)',
  }),
}).meta({ id: 'ReopenedTask' });
export type ReopenedTaskView = z.infer<typeof ReopenedTask>;
