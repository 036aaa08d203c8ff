import { useEffect, useState } from 'preact/hooks';
import { Dialog } from '../../../components/dialog.js';
import { describedBy, Field, FormError } from '../../../components/field.js';
import { ApiError, describeError, fieldError } from '../../../lib/api.js';
import { fromLocalInput, toLocalInput } from '../../../lib/time.js';
import type { Recurrence, TagView, TaskView } from '../../../lib/types.js';
import { createTask, getTask, listTags, updateTask, type TaskDraft } from '../api.js';
import { PRIORITY_NAMES } from '../query.js';
import { WEEKDAYS } from '../recurrence.js';
import { TagInput } from './tag-input.js';

interface FormState {
  title: string;
  description: string;
  priority: string;
  tags: string[];
  due: string;
  remind: string;
  frequency: '' | Recurrence['frequency'];
  interval: string;
  weekdays: string[];
  from: 'due' | 'completion';
}

function stateOf(task: TaskView | null): FormState {
  const r = task?.recurrence;
  return {
    title: task?.title ?? '',
    description: task?.description ?? '',
    priority: task?.priority ?? 'medium',
    tags: task?.tags.map((t) => t.name) ?? [],
    due: toLocalInput(task?.due_at ?? null),
    remind: toLocalInput(task?.remind_at ?? null),
    frequency: r?.frequency ?? '',
    interval: String(r?.interval ?? 1),
    weekdays: r?.weekdays ?? [],
    from: r?.from ?? 'due',
  };
}

function draftOf(s: FormState): TaskDraft {
  const recurrence = s.frequency
    ? ({
        frequency: s.frequency,
        interval: Number(s.interval),
        from: s.from,
        ...(s.frequency === 'weekly' && s.weekdays.length ? { weekdays: s.weekdays } : {}),
      } as Recurrence)
    : null;
  return {
    title: s.title,
    description: s.description.trim() ? s.description : null,
    priority: s.priority,
    tags: s.tags,
    due_at: fromLocalInput(s.due),
    remind_at: fromLocalInput(s.remind),
    recurrence,
  };
}

/** Create a task (no `task`) or edit one. A stale edit (412) says so and shows the newer task. */
export function TaskForm(props: { task: TaskView | null; onClose: () => void; onSaved: (task: TaskView) => void }) {
  const [base, setBase] = useState(props.task);
  const [form, setForm] = useState(() => stateOf(props.task));
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const [known, setKnown] = useState<TagView[]>([]);
  useEffect(() => void listTags().then(setKnown, () => {}), []);

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm((f) => ({ ...f, [key]: value }));
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setNotice('');
    try {
      const saved = base ? await updateTask(base.id, draftOf(form), base.version) : await createTask(draftOf(form));
      props.onSaved(saved);
    } catch (err) {
      if (base && err instanceof ApiError && err.status === 412) {
        const newer = await getTask(base.id).catch(() => null);
        if (newer) {
          setBase(newer);
          setForm(stateOf(newer));
          setNotice('This task was changed elsewhere while you edited it. Its newest version is shown: make your change again and save.');
        } else setError(err);
      } else setError(err);
    } finally {
      setBusy(false);
    }
  };

  const err = (field: string) => fieldError(error, field);
  const fieldNames = ['title', 'description', 'priority', 'tags', 'due_at', 'remind_at', 'recurrence'];
  const general = error && !fieldNames.some((f) => err(f)) ? describeError(error) : '';
  return (
    <Dialog title={base ? 'Edit task' : 'New task'} onClose={props.onClose} wide>
      <form onSubmit={submit} noValidate>
        {notice && (
          <p class="notice" role="alert">
            {notice}
          </p>
        )}
        <FormError text={general} />
        <Field id="task-title" label="Title" error={err('title')}>
          <input id="task-title" value={form.title} maxLength={200} onInput={(e) => set('title', e.currentTarget.value)} autofocus {...describedBy('task-title', err('title'))} />
        </Field>
        <Field id="task-description" label="Description" error={err('description')}>
          <textarea id="task-description" rows={3} value={form.description} onInput={(e) => set('description', e.currentTarget.value)} {...describedBy('task-description', err('description'))} />
        </Field>
        <div class="row">
          <Field id="task-priority" label="Priority" error={err('priority')}>
            <select id="task-priority" value={form.priority} onChange={(e) => set('priority', e.currentTarget.value)}>
              {PRIORITY_NAMES.map((p) => (
                <option key={p} value={p}>
                  {p[0]!.toUpperCase() + p.slice(1)}
                </option>
              ))}
            </select>
          </Field>
          <Field id="task-tags" label="Tags" error={err('tags')}>
            <TagInput id="task-tags" value={form.tags} known={known} onChange={(tags) => set('tags', tags)} />
          </Field>
        </div>
        <div class="row">
          <Field id="task-due" label="Due" error={err('due_at')}>
            <input id="task-due" type="datetime-local" value={form.due} onInput={(e) => set('due', e.currentTarget.value)} {...describedBy('task-due', err('due_at'))} />
          </Field>
          <Field id="task-remind" label="Remind me" error={err('remind_at')}>
            <input id="task-remind" type="datetime-local" value={form.remind} onInput={(e) => set('remind', e.currentTarget.value)} {...describedBy('task-remind', err('remind_at'))} />
          </Field>
        </div>
        <fieldset class="recurrence">
          <legend>Repeat</legend>
          <div class="row">
            <Field id="task-frequency" label="Frequency" error={err('recurrence')}>
              <select id="task-frequency" value={form.frequency} onChange={(e) => set('frequency', e.currentTarget.value as FormState['frequency'])} {...describedBy('task-frequency', err('recurrence'))}>
                <option value="">Does not repeat</option>
                <option value="daily">Daily</option>
                <option value="weekly">Weekly</option>
                <option value="monthly">Monthly</option>
                <option value="yearly">Yearly</option>
              </select>
            </Field>
            {form.frequency && (
              <>
                <Field id="task-interval" label="Every">
                  <input id="task-interval" type="number" min={1} max={365} value={form.interval} onInput={(e) => set('interval', e.currentTarget.value)} />
                </Field>
                <Field id="task-from" label="Next one counted from">
                  <select id="task-from" value={form.from} onChange={(e) => set('from', e.currentTarget.value as FormState['from'])}>
                    <option value="due">The due date</option>
                    <option value="completion">Completion</option>
                  </select>
                </Field>
              </>
            )}
          </div>
          {form.frequency === 'weekly' && (
            <div class="weekdays" role="group" aria-label="On these days">
              {WEEKDAYS.map(([day, name]) => (
                <label key={day}>
                  <input
                    type="checkbox"
                    checked={form.weekdays.includes(day)}
                    onChange={(e) => set('weekdays', e.currentTarget.checked ? [...form.weekdays, day] : form.weekdays.filter((d) => d !== day))}
                  />
                  {name}
                </label>
              ))}
            </div>
          )}
        </fieldset>
        <div class="actions">
          {base && (
            <a href={`#/audit?task_id=${base.id}`} class="history" onClick={props.onClose}>
              History
            </a>
          )}
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={busy}>
            {base ? 'Save' : 'Create task'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
