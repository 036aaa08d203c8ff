import type { TaskView } from '../../../lib/types.js';
import { groupByDay, endOfDay } from '../../views/days.js';
import { InlineAdd } from './inline-add.js';
import { TaskRow, type RowActions, type RowPlace } from './task-row.js';

/** What the list needs from its page beyond the tasks: how rows behave and where new tasks go. */
export interface ListSetup {
  now: number;
  timeZone: string;
  actions: RowActions;
  assignee: (id: string | null) => string | null;
  /** Days (Today, Upcoming: grouped by day) or a plain list (subtasks under their parents). */
  byDay: boolean;
  nested: boolean;
  activeId: string | null;
  selecting: boolean;
  selected: ReadonlySet<string>;
  onSelect: (task: TaskView, on: boolean) => void;
  /** Subtasks shown, per parent (undefined: loading). */
  open: ReadonlyMap<string, TaskView[] | undefined>;
  toggleSubtasks: (task: TaskView) => void;
  /** Where a task added at the end of the list goes; null: no inline add. */
  addPlace: { project_id?: string } | null;
  onAdded: (task: TaskView) => void;
  /** Drag and drop to this index, when the list is a project in manual order. */
  reorder: ((task: TaskView, toIndex: number) => void) | null;
}

let dragged: string | null = null;

function Rows(props: { tasks: TaskView[]; setup: ListSetup }) {
  const s = props.setup;
  const place = (task: TaskView, extra: Partial<RowPlace> = {}): RowPlace => ({
    active: task.id === s.activeId,
    selecting: s.selecting,
    selected: s.selected.has(task.id),
    onSelect: s.onSelect,
    ...extra,
  });
  const drag = (task: TaskView, index: number): RowPlace['drag'] =>
    s.reorder
      ? {
          draggable: true,
          onDragStart: (e) => {
            dragged = task.id;
            e.dataTransfer?.setData('text/plain', task.id);
          },
          onDragOver: (e) => e.preventDefault(),
          onDrop: (e) => {
            e.preventDefault();
            const moving = props.tasks.find((t) => t.id === dragged);
            dragged = null;
            if (moving && moving.id !== task.id) s.reorder!(moving, index);
          },
          onDragEnd: () => (dragged = null),
        }
      : undefined;
  return (
    <>
      {props.tasks.map((task, index) => {
        const subs = s.nested ? s.open.get(task.id) : undefined;
        const shown = s.nested && s.open.has(task.id);
        return [
          <TaskRow
            key={task.id}
            task={task}
            now={s.now}
            actions={s.actions}
            assignee={s.assignee(task.assignee_id)}
            place={place(task, {
              drag: drag(task, index),
              ...(s.nested ? { subtasks: { shown, toggle: s.toggleSubtasks } } : {}),
            })}
          />,
          ...(shown
            ? [
                ...(subs ?? []).map((sub) => (
                  <TaskRow
                    key={sub.id}
                    task={sub}
                    now={s.now}
                    actions={s.actions}
                    assignee={s.assignee(sub.assignee_id)}
                    place={place(sub, { sub: true })}
                  />
                )),
                <li key={`${task.id}-add`} class="sub add-row">
                  <InlineAdd
                    id={`add-sub-${task.id}`}
                    label={`Add a subtask to "${task.title}"`}
                    place={{ parent_id: task.id }}
                    onAdded={s.onAdded}
                    autofocus={task.subtasks.total === 0}
                  />
                </li>,
              ]
            : []),
        ];
      })}
    </>
  );
}

/** The rows of a view: one list, or one per day (Overdue first), each ending in an inline add. */
export function TaskList(props: { tasks: TaskView[]; setup: ListSetup; hidden: boolean }) {
  const s = props.setup;
  if (!s.byDay)
    return (
      <>
        <ul class="task-list" aria-label="Tasks">
          {!props.hidden && <Rows tasks={props.tasks} setup={s} />}
        </ul>
        {s.addPlace && !props.hidden && (
          <InlineAdd id="add-inline" label="Add a task" place={s.addPlace} onAdded={s.onAdded} />
        )}
      </>
    );
  const groups = props.hidden ? [] : groupByDay(props.tasks, s.now, s.timeZone);
  return (
    <>
      {groups.map((g) => (
        <section key={g.key} class="day-group" aria-labelledby={`day-${g.key}`}>
          <h3 id={`day-${g.key}`}>
            {g.label} <span class="n">{g.tasks.length}</span>
          </h3>
          <ul class="task-list" aria-label={`Tasks: ${g.label}`}>
            <Rows tasks={g.tasks} setup={s} />
          </ul>
          {g.day !== null && (
            <InlineAdd
              id={`add-${g.key}`}
              label={`Add a task for ${g.label}`}
              place={{ ...s.addPlace, due_at: endOfDay(g.day, s.timeZone) }}
              onAdded={s.onAdded}
            />
          )}
        </section>
      ))}
    </>
  );
}
