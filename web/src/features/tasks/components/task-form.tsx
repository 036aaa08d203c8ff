import { useEffect, useState } from 'preact/hooks';
import { Confirm, Dialog } from '../../../components/dialog.js';
import { describedBy, Field, FormError } from '../../../components/field.js';
import { ApiError, describeError } from '../../../lib/api.js';
import type { TagView, TaskView } from '../../../lib/types.js';
import { createTask, getTask, listTags, updateTask } from '../api.js';
import {
  changedFields,
  differences,
  draftOf,
  errorAt,
  mineOnTop,
  patchOf,
  stateOf,
  type Difference,
  type FormState,
} from '../edit.js';
import { PRIORITY_NAMES } from '../query.js';
import { QUICK_DATES, quickDue, REMINDERS, remindBefore } from '../quick-dates.js';
import { WEEKDAYS } from '../recurrence.js';
import { TagInput } from './tag-input.js';

/**
 * Create a task (no `task`) or edit one. An edit sends only the fields the user changed. A stale edit
 * (412) keeps what the user typed, shows what changed on both sides, and offers to apply the user's
 * changes on top of the newer version or to take theirs.
 */
export function TaskForm(props: {
  task: TaskView | null;
  projectId?: string | undefined;
  focus?: 'tags';
  onClose: () => void;
  onSaved: (task: TaskView) => void;
}) {
  const [base, setBase] = useState(props.task);
  const [loaded, setLoaded] = useState(() => stateOf(props.task));
  const [form, setForm] = useState(loaded);
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<{ newer: TaskView; diffs: Difference[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [discarding, setDiscarding] = useState(false);
  const [known, setKnown] = useState<TagView[]>([]);
  useEffect(() => void listTags().then(setKnown, () => {}), []);

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const dirty = changedFields(loaded, form).length > 0;
  const close = () => (dirty ? setDiscarding(true) : props.onClose());

  const save = async (task: TaskView | null, original: FormState, current: FormState) => {
    setBusy(true);
    setError(null);
    try {
      if (!task) return props.onSaved(await createTask(draftOf(current), props.projectId));
      const patch = patchOf(original, current);
      props.onSaved(
        Object.keys(patch).length ? await updateTask(task.id, patch, task.version) : task,
      );
    } catch (err) {
      const newer =
        task && err instanceof ApiError && err.status === 412
          ? await getTask(task.id).catch(() => null)
          : null;
      if (task && newer) {
        // The form now edits the newer version, with my changed fields on top of it (not yet saved).
        const theirs = stateOf(newer);
        setConflict({ newer, diffs: differences(original, theirs, current) });
        setBase(newer);
        setLoaded(theirs);
        setForm(mineOnTop(original, theirs, current));
      } else setError(err);
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: Event) => {
    e.preventDefault();
    setConflict(null);
    void save(base, loaded, form);
  };
  // Saves my changed fields against the newer version (If-Match: its version).
  const applyMine = () => {
    if (!conflict) return;
    setConflict(null);
    void save(conflict.newer, loaded, form);
  };
  const takeTheirs = () => {
    setForm(loaded);
    setConflict(null);
  };

  const err = (path: string) => errorAt(error, path);
  const fieldPaths = [
    'title',
    'description',
    'priority',
    'tags',
    'due_at',
    'remind_at',
    'recurrence',
    'recurrence.interval',
    'recurrence.weekdays',
    'recurrence.from',
  ];
  const general = error && !fieldPaths.some((f) => err(f)) ? describeError(error) : '';
  return (
    <Dialog title={base ? 'Edit task' : 'New task'} onClose={close} wide fallback="#new-task">
      <form onSubmit={submit} noValidate>
        {conflict && (
          <section class="conflict notice" role="alert" aria-label="Changed elsewhere">
            <p>
              This task was changed elsewhere while you edited it. What you typed is kept. What
              changed:
            </p>
            <table>
              <thead>
                <tr>
                  <th scope="col">Field</th>
                  <th scope="col">Theirs (saved)</th>
                  <th scope="col">Mine</th>
                </tr>
              </thead>
              <tbody>
                {conflict.diffs.map((d) => (
                  <tr key={d.field} data-field={d.field}>
                    <th scope="row">{d.label}</th>
                    <td>{d.theirs}</td>
                    <td>{d.mine}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div class="actions">
              <button type="button" onClick={takeTheirs}>
                Take theirs
              </button>
              <button type="button" class="primary" onClick={applyMine} disabled={busy}>
                Apply my changes on top
              </button>
            </div>
          </section>
        )}
        <FormError text={general} />
        <Field id="task-title" label="Title" error={err('title')}>
          <input
            id="task-title"
            value={form.title}
            maxLength={200}
            onInput={(e) => set('title', e.currentTarget.value)}
            autofocus={props.focus !== 'tags'}
            {...describedBy('task-title', err('title'))}
          />
        </Field>
        <Field id="task-description" label="Description" error={err('description')}>
          <textarea
            id="task-description"
            rows={3}
            value={form.description}
            onInput={(e) => set('description', e.currentTarget.value)}
            {...describedBy('task-description', err('description'))}
          />
        </Field>
        <div class="row">
          <Field id="task-priority" label="Priority" error={err('priority')}>
            <select
              id="task-priority"
              value={form.priority}
              onChange={(e) => set('priority', e.currentTarget.value)}
            >
              {PRIORITY_NAMES.map((p) => (
                <option key={p} value={p}>
                  {p[0]!.toUpperCase() + p.slice(1)}
                </option>
              ))}
            </select>
          </Field>
          <Field id="task-tags" label="Tags" error={err('tags')}>
            {/* Opened by `#`: the dialog opens on the tags. */}
            <TagInput
              id="task-tags"
              value={form.tags}
              known={known}
              onChange={(tags) => set('tags', tags)}
              autofocus={props.focus === 'tags'}
            />
          </Field>
        </div>
        <div class="row">
          <Field id="task-due" label="Due" error={err('due_at')}>
            <input
              id="task-due"
              type="datetime-local"
              value={form.due}
              onInput={(e) => set('due', e.currentTarget.value)}
              {...describedBy('task-due', err('due_at'))}
            />
          </Field>
          <Field id="task-remind" label="Remind me" error={err('remind_at')}>
            <input
              id="task-remind"
              type="datetime-local"
              value={form.remind}
              onInput={(e) => set('remind', e.currentTarget.value)}
              {...describedBy('task-remind', err('remind_at'))}
            />
          </Field>
        </div>
        <div class="row presets">
          <div role="group" aria-label="Quick due dates" class="chips">
            {QUICK_DATES.map((choice) => (
              <button
                key={choice}
                type="button"
                class="chip"
                onClick={() =>
                  setForm((f) => ({
                    ...f,
                    due: quickDue(choice, f.due),
                    ...(choice === 'No date' ? { remind: '' } : {}),
                  }))
                }
              >
                {choice}
              </button>
            ))}
          </div>
          <div role="group" aria-label="Reminder presets" class="chips">
            {REMINDERS.map(([label, minutes]) => (
              <button
                key={label}
                type="button"
                class="chip"
                disabled={!form.due}
                onClick={() => set('remind', remindBefore(form.due, minutes))}
              >
                {label}
              </button>
            ))}
          </div>
        </div>
        <fieldset class="recurrence">
          <legend>Repeat</legend>
          <div class="row">
            <Field id="task-frequency" label="Frequency" error={err('recurrence')}>
              <select
                id="task-frequency"
                value={form.frequency}
                onChange={(e) => set('frequency', e.currentTarget.value as FormState['frequency'])}
                {...describedBy('task-frequency', err('recurrence'))}
              >
                <option value="">Does not repeat</option>
                <option value="daily">Daily</option>
                <option value="weekly">Weekly</option>
                <option value="monthly">Monthly</option>
                <option value="yearly">Yearly</option>
              </select>
            </Field>
            {form.frequency && (
              <>
                <Field id="task-interval" label="Every" error={err('recurrence.interval')}>
                  <input
                    id="task-interval"
                    type="number"
                    min={1}
                    max={365}
                    value={form.interval}
                    onInput={(e) => set('interval', e.currentTarget.value)}
                    {...describedBy('task-interval', err('recurrence.interval'))}
                  />
                </Field>
                <Field id="task-from" label="Next one counted from" error={err('recurrence.from')}>
                  <select
                    id="task-from"
                    value={form.from}
                    onChange={(e) => set('from', e.currentTarget.value as FormState['from'])}
                  >
                    <option value="due">The due date</option>
                    <option value="completion">Completion</option>
                  </select>
                </Field>
              </>
            )}
          </div>
          {form.frequency === 'weekly' && (
            <div
              class="weekdays"
              role="group"
              aria-label="On these days"
              aria-describedby={err('recurrence.weekdays') ? 'task-weekdays-error' : undefined}
            >
              {WEEKDAYS.map(([day, name]) => (
                <label key={day}>
                  <input
                    type="checkbox"
                    checked={form.weekdays.includes(day)}
                    onChange={(e) =>
                      set(
                        'weekdays',
                        e.currentTarget.checked
                          ? [...form.weekdays, day]
                          : form.weekdays.filter((d) => d !== day),
                      )
                    }
                  />
                  {name}
                </label>
              ))}
              {err('recurrence.weekdays') && (
                <small id="task-weekdays-error" class="error" role="alert">
                  {err('recurrence.weekdays')}
                </small>
              )}
            </div>
          )}
        </fieldset>
        <div class="actions">
          {base && (
            <a href={`#/audit?task_id=${base.id}`} class="history" onClick={props.onClose}>
              History
            </a>
          )}
          <button type="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={busy}>
            {base ? 'Save' : 'Create task'}
          </button>
        </div>
      </form>
      {discarding && (
        <Confirm
          title={base ? 'Discard changes?' : 'Discard this task?'}
          text={
            base
              ? 'Your changes to this task are not saved yet.'
              : 'This new task is not saved yet.'
          }
          confirm="Discard"
          onClose={() => setDiscarding(false)}
          onConfirm={() => {
            setDiscarding(false);
            props.onClose();
          }}
        />
      )}
    </Dialog>
  );
}
