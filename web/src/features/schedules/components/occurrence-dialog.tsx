import { useState } from 'preact/hooks';
import { Dialog } from '../../../components/dialog.js';
import { Field, FormError } from '../../../components/field.js';
import { describeError } from '../../../lib/api.js';
import { fromLocalInput, toLocalInput } from '../../../lib/time.js';
import { changeOccurrence, undoOccurrence, type OccurrenceView, type SeriesView } from '../api.js';
import { whenText } from './preview-list.js';

/**
 * "This one", for an occurrence the series has not created yet: change its title, priority or time, skip
 * it, or undo an earlier change. The scheduler creates it with the change when its time comes.
 */
export function OccurrenceDialog(props: {
  series: SeriesView;
  occurrence: Pick<OccurrenceView, 'at' | 'state' | 'changes'>;
  timeZone: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { series, occurrence: o } = props;
  const [title, setTitle] = useState(o.changes?.title ?? series.title);
  const [priority, setPriority] = useState<string>(o.changes?.priority ?? series.priority);
  const [due, setDue] = useState(toLocalInput(o.changes?.due_at ?? o.at));
  const [error, setError] = useState<unknown>(null);
  const run = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      props.onSaved();
    } catch (err) {
      setError(err);
    }
  };
  const save = (e: Event) => {
    e.preventDefault();
    const dueAt = fromLocalInput(due);
    const change = {
      ...(title !== series.title ? { title } : {}),
      ...(priority !== series.priority ? { priority } : {}),
      ...(dueAt && dueAt !== new Date(o.at).toISOString() ? { due_at: dueAt } : {}),
    };
    void run(() =>
      Object.keys(change).length
        ? changeOccurrence(series.id, o.at, change)
        : o.state === 'edited'
          ? undoOccurrence(series.id, o.at)
          : Promise.resolve(),
    );
  };
  return (
    <Dialog title="Edit this occurrence" onClose={props.onClose}>
      <form onSubmit={save} aria-label="Edit this occurrence">
        <p>
          {series.title}, due {whenText(o.at, props.timeZone)}. The task is created with these
          changes when its time comes; the other occurrences stay as they are.
        </p>
        <Field id="occ-title" label="Title">
          <input
            id="occ-title"
            value={title}
            maxLength={200}
            onInput={(e) => setTitle(e.currentTarget.value)}
          />
        </Field>
        <div class="row">
          <Field id="occ-priority" label="Priority">
            <select
              id="occ-priority"
              value={priority}
              onChange={(e) => setPriority(e.currentTarget.value)}
            >
              {['low', 'medium', 'high', 'urgent'].map((p) => (
                <option value={p}>{p[0]!.toUpperCase() + p.slice(1)}</option>
              ))}
            </select>
          </Field>
          <Field id="occ-due" label="Due">
            <input
              id="occ-due"
              type="datetime-local"
              value={due}
              onInput={(e) => setDue(e.currentTarget.value)}
            />
          </Field>
        </div>
        <FormError text={error ? describeError(error) : undefined} />
        <div class="actions">
          {o.state !== 'planned' && (
            <button
              type="button"
              class="history"
              onClick={() => void run(() => undoOccurrence(series.id, o.at))}
            >
              Undo changes to this one
            </button>
          )}
          <button
            type="button"
            class="danger"
            onClick={() => void run(() => changeOccurrence(series.id, o.at, { skip: true }))}
          >
            Skip this one
          </button>
          <button type="submit" class="primary">
            Save this one
          </button>
        </div>
      </form>
    </Dialog>
  );
}
