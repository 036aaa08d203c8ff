import type { JSX } from 'preact';
import { PriorityBadge, TagChip } from '../../../components/badges.js';
import { Markdown } from '../../../components/markdown.js';
import { BellIcon, RepeatIcon } from '../../../components/icons.js';
import { absoluteTime, relativeTime } from '../../../lib/time.js';
import type { TaskView } from '../../../lib/types.js';
import { describeRecurrence } from '../recurrence.js';

export interface RowActions {
  toggle: (task: TaskView) => void;
  edit: (task: TaskView) => void;
  remove: (task: TaskView) => void;
}

/** What a row in a list that does more than show tasks has: focus, selection, subtasks, dragging. */
export interface RowPlace {
  /** The row that takes Tab into the list (and j/k move from). */
  active?: boolean;
  /** Shown with a checkbox to select it for a bulk change. */
  selecting?: boolean;
  selected?: boolean;
  onSelect?: (task: TaskView, on: boolean) => void;
  /** A subtask, shown under its parent. */
  sub?: boolean;
  /** Its subtasks (shown or not) and the way to show them and add one. */
  subtasks?: { shown: boolean; toggle: (task: TaskView) => void };
  /** Drag and drop to reorder. */
  drag?: Pick<
    JSX.HTMLAttributes<HTMLLIElement>,
    'draggable' | 'onDragStart' | 'onDragOver' | 'onDrop' | 'onDragEnd'
  >;
}

/**
 * One task: everything about it at a glance (its subtasks' progress, who it is assigned to), complete
 * in one click. Its title is text, never markup.
 */
export function TaskRow(props: {
  task: TaskView;
  now: number;
  actions: RowActions;
  assignee?: string | null;
  place?: RowPlace;
}) {
  const { task, actions } = props;
  const place = props.place ?? {};
  const done = task.status === 'completed';
  const overdue = !done && task.due_at !== null && new Date(task.due_at).getTime() < props.now;
  const { done: doneSubs, total } = task.subtasks;
  // Each is formatted once, for its text and its title.
  const due = task.due_at === null ? null : { at: task.due_at, text: absoluteTime(task.due_at) };
  const reminder = task.remind_at === null ? null : absoluteTime(task.remind_at);
  return (
    <li
      class={`task${done ? ' done' : ''}${overdue ? ' overdue' : ''}${place.sub ? ' sub' : ''}${place.selected ? ' selected' : ''}`}
      data-task-id={task.id}
      tabIndex={place.active === undefined ? undefined : place.active ? 0 : -1}
      {...place.drag}
    >
      {place.selecting && (
        <input
          type="checkbox"
          class="select"
          checked={place.selected}
          aria-label={`Select "${task.title}"`}
          onChange={(e) => place.onSelect?.(task, e.currentTarget.checked)}
        />
      )}
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
          {due && (
            <time dateTime={due.at} title={due.text} class="due">
              Due {relativeTime(due.at, props.now)} · {due.text}
            </time>
          )}
          {overdue && <span class="overdue-mark">Overdue</span>}
          {task.recurrence && (
            <span class="mark" title={describeRecurrence(task.recurrence)}>
              <RepeatIcon />
              {describeRecurrence(task.recurrence)}
            </span>
          )}
          {reminder && (
            <span class="mark" title={`Reminder ${reminder}`}>
              <BellIcon />
              Reminder {reminder}
            </span>
          )}
          {place.subtasks ? (
            <button
              type="button"
              class="mark link subtasks-toggle"
              aria-expanded={place.subtasks.shown}
              onClick={() => place.subtasks!.toggle(task)}
            >
              <span
                class="progress"
                aria-hidden="true"
                style={{ '--done': total ? doneSubs / total : 0 }}
              />
              {total ? `${doneSubs}/${total} subtasks` : '+ Subtask'}
              <span class="visually-hidden">{total ? ' done' : ` to "${task.title}"`}</span>
            </button>
          ) : (
            total > 0 && (
              <span class="mark" title={`${doneSubs} of ${total} subtasks done`}>
                {doneSubs}/{total} subtasks
              </span>
            )
          )}
          {props.assignee && <span class="mark assignee">Assigned to {props.assignee}</span>}
          {task.tags.map((tag) => (
            <TagChip key={tag.id} tag={tag} />
          ))}
        </div>
        {task.description && <Markdown class="description" source={task.description} />}
      </div>
      <div class="task-actions">
        <button
          type="button"
          onClick={() => actions.edit(task)}
          aria-label={`Edit "${task.title}"`}
        >
          Edit
        </button>
        <button
          type="button"
          class="danger"
          onClick={() => actions.remove(task)}
          aria-label={`Delete "${task.title}"`}
        >
          Delete
        </button>
      </div>
    </li>
  );
}
