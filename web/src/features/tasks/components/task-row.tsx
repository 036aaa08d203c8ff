import { PriorityBadge, TagChip } from '../../../components/badges.js';
import { BellIcon, RepeatIcon } from '../../../components/icons.js';
import { absoluteTime, relativeTime } from '../../../lib/time.js';
import type { TaskView } from '../../../lib/types.js';
import { describeRecurrence } from '../recurrence.js';

export interface RowActions {
  toggle: (task: TaskView) => void;
  edit: (task: TaskView) => void;
  remove: (task: TaskView) => void;
}

/**
 * One task: everything about it at a glance (its subtasks' progress, who it is assigned to), complete
 * in one click. Its title is text, never markup.
 */
export function TaskRow(props: { task: TaskView; now: number; actions: RowActions; assignee?: string | null }) {
  const { task, actions } = props;
  const done = task.status === 'completed';
  const overdue = !done && task.due_at !== null && new Date(task.due_at).getTime() < props.now;
  return (
    <li class={`task${done ? ' done' : ''}${overdue ? ' overdue' : ''}`} data-task-id={task.id}>
      <input
        type="checkbox"
        class="complete"
        checked={done}
        aria-label={done ? `Reopen "${task.title}"` : `Complete "${task.title}"`}
        onChange={() => actions.toggle(task)}
      />
      <div class="task-main">
        <button type="button" class="title link" onClick={() => actions.edit(task)} title="Edit">
          {task.title}
        </button>
        <div class="meta">
          <PriorityBadge priority={task.priority} />
          {task.due_at && (
            <time dateTime={task.due_at} title={absoluteTime(task.due_at)} class="due">
              Due {relativeTime(task.due_at, props.now)} · {absoluteTime(task.due_at)}
            </time>
          )}
          {overdue && <span class="overdue-mark">Overdue</span>}
          {task.recurrence && (
            <span class="mark" title={describeRecurrence(task.recurrence)}>
              <RepeatIcon />
              {describeRecurrence(task.recurrence)}
            </span>
          )}
          {task.remind_at && (
            <span class="mark" title={`Reminder ${absoluteTime(task.remind_at)}`}>
              <BellIcon />
              Reminder {absoluteTime(task.remind_at)}
            </span>
          )}
          {task.subtasks.total > 0 && (
            <span class="mark" title={`${task.subtasks.done} of ${task.subtasks.total} subtasks done`}>
              {task.subtasks.done}/{task.subtasks.total} subtasks
            </span>
          )}
          {props.assignee && <span class="mark assignee">Assigned to {props.assignee}</span>}
          {task.tags.map((tag) => (
            <TagChip key={tag.id} tag={tag} />
          ))}
        </div>
        {task.description && <p class="description">{task.description}</p>}
      </div>
      <div class="task-actions">
        <button type="button" onClick={() => actions.edit(task)} aria-label={`Edit "${task.title}"`}>
          Edit
        </button>
        <button type="button" class="danger" onClick={() => actions.remove(task)} aria-label={`Delete "${task.title}"`}>
          Delete
        </button>
      </div>
    </li>
  );
}
