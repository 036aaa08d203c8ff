import { ApiError } from '../../lib/problem.js';
import { absoluteTime, fromLocalInput, toLocalInput } from '../../lib/time.js';
import type { Recurrence, TaskView } from '../../lib/types.js';
import type { TaskDraft } from './api.js';
import { describeRecurrence } from './recurrence.js';

/** The task form's fields as the inputs hold them (times to the minute, in the browser's zone). */
export interface FormState {
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

export type Field = keyof TaskDraft;
export const FIELD_LABELS: Record<Field, string> = {
  title: 'Title',
  description: 'Description',
  priority: 'Priority',
  tags: 'Tags',
  due_at: 'Due',
  remind_at: 'Reminder',
  recurrence: 'Repeat',
};
const FIELDS = Object.keys(FIELD_LABELS) as Field[];

export function stateOf(task: TaskView | null): FormState {
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

export function draftOf(s: FormState): TaskDraft {
  const recurrence = s.frequency
    ? ({
        frequency: s.frequency,
        interval: s.interval.trim() === '' ? Number.NaN : Number(s.interval),
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

/** A field's value in one comparable form: the form's own (minute) precision, tags in any order. */
function comparable(field: Field, s: FormState): string {
  switch (field) {
    case 'title':
      return s.title;
    case 'description':
      return s.description.trim() ? s.description : '';
    case 'priority':
      return s.priority;
    case 'tags':
      return JSON.stringify(s.tags.map((t) => t.toLowerCase()).sort());
    case 'due_at':
      return s.due;
    case 'remind_at':
      return s.remind;
    case 'recurrence':
      return s.frequency
        ? JSON.stringify([
            s.frequency,
            s.interval,
            s.from,
            s.frequency === 'weekly' ? [...s.weekdays].sort() : [],
          ])
        : '';
  }
}

/** The fields the user changed in the form, compared with the task as it was loaded. */
export function changedFields(original: FormState, current: FormState): Field[] {
  return FIELDS.filter((f) => comparable(f, original) !== comparable(f, current));
}

/** The PATCH body of an edit: only what the user changed, so an untouched time is never rewritten. */
export function patchOf(original: FormState, current: FormState): Partial<TaskDraft> {
  const draft = draftOf(current);
  return Object.fromEntries(
    changedFields(original, current).map((f) => [f, draft[f]]),
  ) as Partial<TaskDraft>;
}

/** A field's value as words, for a person comparing two versions. */
export function valueText(field: Field, s: FormState): string {
  const d = draftOf(s);
  switch (field) {
    case 'tags':
      return d.tags.length ? d.tags.join(', ') : 'none';
    case 'due_at':
      return d.due_at ? absoluteTime(d.due_at) : 'none';
    case 'remind_at':
      return d.remind_at ? absoluteTime(d.remind_at) : 'none';
    case 'recurrence':
      return d.recurrence && Number.isFinite(d.recurrence.interval)
        ? describeRecurrence(d.recurrence)
        : d.recurrence
          ? 'repeats'
          : 'does not repeat';
    case 'description':
      return d.description ?? 'none';
    default:
      return String(d[field]);
  }
}

export interface Difference {
  field: Field;
  label: string;
  theirs: string;
  mine: string;
  /** Both sides changed it (mine, applied on top, replaces theirs). */
  both: boolean;
}

/**
 * What a conflict is about: each field that another device changed since the form was loaded
 * (`original` → `newer`) or that the user changed (`original` → `mine`), theirs beside mine.
 */
export function differences(original: FormState, newer: FormState, mine: FormState): Difference[] {
  const theirs = new Set(changedFields(original, newer));
  const ours = new Set(changedFields(original, mine));
  return FIELDS.filter((f) => theirs.has(f) || ours.has(f)).map((field) => ({
    field,
    label: FIELD_LABELS[field],
    theirs: valueText(field, newer),
    mine: valueText(field, ours.has(field) ? mine : newer),
    both: theirs.has(field) && ours.has(field),
  }));
}

/** The form after "apply my changes on top": the newer version with the user's changed fields. */
export function mineOnTop(original: FormState, newer: FormState, mine: FormState): FormState {
  const next = { ...newer };
  for (const field of changedFields(original, mine)) {
    if (field === 'due_at') next.due = mine.due;
    else if (field === 'remind_at') next.remind = mine.remind;
    else if (field === 'recurrence')
      Object.assign(next, {
        frequency: mine.frequency,
        interval: mine.interval,
        weekdays: mine.weekdays,
        from: mine.from,
      });
    else Object.assign(next, { [field]: mine[field] });
  }
  return next;
}

/**
 * The message a problem has for one field of the form (its path, or anything under it): the
 * recurrence's own parts (interval, weekdays, from) show beside their own inputs, not under Frequency.
 */
export function errorAt(error: unknown, path: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const ownInput = /^recurrence\.(interval|weekdays|from)(\.|$)/;
  const hit = error.problem.errors?.find(
    (e) =>
      e.path === path ||
      (e.path.startsWith(`${path}.`) && !(path === 'recurrence' && ownInput.test(e.path))),
  );
  return hit?.message;
}
