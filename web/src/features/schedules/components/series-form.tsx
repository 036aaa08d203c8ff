import { useState } from 'preact/hooks';
import { Dialog } from '../../../components/dialog.js';
import { describedBy, Field, FormError } from '../../../components/field.js';
import { describeError, fieldError } from '../../../lib/api.js';
import { fromLocalInput, toLocalInput } from '../../../lib/time.js';
import { createSeries, patchSeries, type SeriesChange, type SeriesView } from '../api.js';
import { toRRule, NEW_RULE } from '../rule.js';
import { PreviewList } from './preview-list.js';
import { RuleEditor } from './rule-editor.js';

const LEADS: [string, string][] = [
  ['', 'At the start of its day'],
  ['0', 'When it is due'],
  ['60', '1 hour before'],
  ['1440', '1 day before'],
  ['4320', '3 days before'],
  ['10080', '1 week before'],
];
const REMINDERS: [string, string][] = [
  ['', 'No reminder'],
  ['0', 'When it is due'],
  ['15', '15 minutes before'],
  ['60', '1 hour before'],
  ['1440', '1 day before'],
];
const minutes = (v: string) => (v === '' ? null : Number(v));
const text = (n: number | null) => (n === null ? '' : String(n));

interface Form {
  title: string;
  rrule: string;
  start: string;
  lead: string;
  remind: string;
  priority: string;
  catch_up: 'all' | 'latest';
  cap: string;
}

function formOf(s: SeriesView | null, from?: string): Form {
  const start =
    from ??
    s?.start ??
    new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 86_400_000).toISOString();
  if (!s)
    return {
      title: '',
      rrule: toRRule(NEW_RULE),
      start: toLocalInput(start),
      lead: '',
      remind: '',
      priority: 'medium',
      catch_up: 'all',
      cap: '50',
    };
  return {
    title: s.title,
    rrule: s.rrule,
    start: toLocalInput(start),
    lead: text(s.lead_minutes),
    remind: text(s.remind_minutes),
    priority: s.priority,
    catch_up: s.catch_up,
    cap: String(s.catch_up_cap),
  };
}

/**
 * Create a series on schedule, change one as a whole (what it has not created yet), or this and
 * following (`from`: a new series from that occurrence on); the next occurrences shown as the rule changes.
 */
export function SeriesForm(props: {
  series: SeriesView | null;
  from?: string;
  onClose: () => void;
  onSaved: (s: SeriesView) => void;
}) {
  const loaded = formOf(props.series, props.from);
  const [form, setForm] = useState(loaded);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Form>(key: K, value: Form[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const start = fromLocalInput(form.start) ?? undefined;
  const title = props.from
    ? 'Change this and following'
    : props.series
      ? 'Edit series'
      : 'New series';

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const all = {
      title: form.title,
      rrule: form.rrule,
      start,
      lead_minutes: minutes(form.lead),
      remind_minutes: minutes(form.remind),
      priority: form.priority as SeriesView['priority'],
      catch_up: form.catch_up,
      catch_up_cap: Number(form.cap),
    };
    try {
      if (!props.series) return props.onSaved(await createSeries(all));
      const changed = Object.fromEntries(
        Object.entries(all).filter(
          ([k]) =>
            JSON.stringify(all[k as keyof typeof all]) !==
            JSON.stringify(formAll(loaded)[k as keyof typeof all]),
        ),
      );
      const change: SeriesChange = props.from
        ? { ...changed, scope: 'following', from: props.from }
        : changed;
      props.onSaved(
        Object.keys(changed).length || props.from
          ? await patchSeries(props.series.id, change, props.series.version)
          : props.series,
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const err = (field: string) => fieldError(error, field);
  return (
    <Dialog title={title} onClose={props.onClose} wide>
      <form onSubmit={submit} aria-label={title} noValidate>
        <Field id="series-title" label="Title" error={err('title')}>
          <input
            id="series-title"
            value={form.title}
            maxLength={200}
            required
            onInput={(e) => set('title', e.currentTarget.value)}
            {...describedBy('series-title', err('title'))}
          />
        </Field>
        <RuleEditor id="series-rule" rrule={form.rrule} onChange={(rrule) => set('rrule', rrule)} />
        <Field
          id="series-start"
          label={props.from ? 'First due date from here on' : 'First due date'}
          error={err('start')}
          hint="Its time of day is every occurrence’s"
        >
          <input
            id="series-start"
            type="datetime-local"
            value={form.start}
            onInput={(e) => set('start', e.currentTarget.value)}
            {...describedBy('series-start', err('start'), true)}
          />
        </Field>
        <section aria-label="Preview" class="preview-box">
          <h3>Next occurrences</h3>
          <PreviewList
            rrule={form.rrule}
            start={start}
            label="Next occurrences"
            {...(props.series && !props.from ? { seriesId: props.series.id } : {})}
          />
        </section>
        <div class="row">
          <Field id="series-lead" label="Create each task">
            <select
              id="series-lead"
              value={form.lead}
              onChange={(e) => set('lead', e.currentTarget.value)}
            >
              {options(LEADS, form.lead, 'minutes before')}
            </select>
          </Field>
          <Field id="series-remind" label="Reminder">
            <select
              id="series-remind"
              value={form.remind}
              onChange={(e) => set('remind', e.currentTarget.value)}
            >
              {options(REMINDERS, form.remind, 'minutes before')}
            </select>
          </Field>
          <Field id="series-priority" label="Priority">
            <select
              id="series-priority"
              value={form.priority}
              onChange={(e) => set('priority', e.currentTarget.value)}
            >
              {['low', 'medium', 'high', 'urgent'].map((p) => (
                <option value={p}>{p[0]!.toUpperCase() + p.slice(1)}</option>
              ))}
            </select>
          </Field>
        </div>
        <div class="row">
          <Field id="series-catch-up" label="After downtime, create">
            <select
              id="series-catch-up"
              value={form.catch_up}
              onChange={(e) => set('catch_up', e.currentTarget.value as Form['catch_up'])}
            >
              <option value="all">Every missed occurrence (up to the cap)</option>
              <option value="latest">Only the latest</option>
            </select>
          </Field>
          <Field id="series-cap" label="Catch-up cap" error={err('catch_up_cap')}>
            <input
              id="series-cap"
              type="number"
              min={1}
              max={500}
              value={form.cap}
              disabled={form.catch_up === 'latest'}
              onInput={(e) => set('cap', e.currentTarget.value)}
              {...describedBy('series-cap', err('catch_up_cap'))}
            />
          </Field>
        </div>
        <FormError
          text={
            error && !err('title') && !err('start') && !err('catch_up_cap')
              ? describeError(error)
              : undefined
          }
        />
        <div class="actions">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={busy}>
            {props.series ? 'Save' : 'Create series'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

const formAll = (f: Form) => ({
  title: f.title,
  rrule: f.rrule,
  start: fromLocalInput(f.start) ?? undefined,
  lead_minutes: minutes(f.lead),
  remind_minutes: minutes(f.remind),
  priority: f.priority,
  catch_up: f.catch_up,
  catch_up_cap: Number(f.cap),
});

/** The choices, and the series' own value when it is none of them. */
function options(choices: [string, string][], value: string, unit: string) {
  const all = choices.some(([v]) => v === value)
    ? choices
    : [...choices, [value, `${value} ${unit}`] as [string, string]];
  return all.map(([v, label]) => <option value={v}>{label}</option>);
}
