import type { Deps } from '../deps.js';
import type { Executor, OccurrenceChanges, SeriesRow } from '../db/database.js';
import { authorize } from '../access/rule.js';
import { roleIn } from '../db/access.js';
import { findSeries, lockSeries } from '../db/series.js';
import { createdAt, deleteOverride, overridesAt, upsertOverride } from '../db/series-overrides.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { writeWithEvents } from '../events/write-with-events.js';
import { Occurrences } from '../recurrence/occurrences.js';
import { localText } from '../recurrence/preview.js';
import { canonicalRecurrence, ruleOf } from '../recurrence/rule.js';
import type { OccurrenceInput, OccurrenceView } from '../schemas/occurrence.js';
import type { Preview } from '../schemas/preview.js';
import type { PreviewInput } from '../recurrence/preview.js';
import { occurrencesOf } from './plan.js';

/** Each occurrence with what it is: a task already, edited, skipped, or planned as the series has it. */
export async function statesOf(
  db: Executor,
  s: Pick<SeriesRow, 'id' | 'time_zone'>,
  dues: Date[],
): Promise<OccurrenceView[]> {
  const [overrides, created] = await Promise.all([
    overridesAt(db, s.id, dues),
    createdAt(db, s.id, dues),
  ]);
  const override = new Map(overrides.map((o) => [o.due_at.getTime(), o]));
  const task = new Map(created.map((c) => [c.due_at.getTime(), c.task_id]));
  return dues.map((at) => {
    const base = { at: at.toISOString(), local: localText(at, s.time_zone) };
    const taskId = task.get(at.getTime());
    if (taskId) return { ...base, state: 'created' as const, task_id: taskId };
    const o = override.get(at.getTime());
    if (!o) return { ...base, state: 'planned' as const };
    return o.skip
      ? { ...base, state: 'skipped' as const }
      : { ...base, state: 'edited' as const, changes: o.changes };
  });
}

/**
 * A series' coming occurrences, each with its state: its own rule, start and zone, or (while it is
 * being edited) the rule and start asked for, laid over its overrides and its ledger.
 */
export async function previewSeries(
  deps: Deps,
  userId: string,
  q: PreviewInput & { series_id: string },
): Promise<Preview> {
  const s = await findSeries(deps.db, userId, q.series_id);
  if (!s) throw notFound('Series not found');
  const editing = q.rrule !== undefined || q.frequency !== undefined;
  const recurrence = canonicalRecurrence({
    rrule: editing ? q.rrule : s.rrule,
    frequency: q.frequency,
    interval: q.interval,
    weekdays: q.weekdays,
    from: 'due',
  });
  const occurrences = await Occurrences.of({
    rule: ruleOf(recurrence),
    start: q.start ?? s.dtstart,
    timeZone: s.time_zone,
  });
  const dues =
    s.status === 'ended' && !editing
      ? []
      : occurrences.between(deps.clock.now(), new Date('9999-12-31T00:00:00Z'), q.count);
  return { recurrence, time_zone: s.time_zone, occurrences: await statesOf(deps.db, s, dues) };
}

type Change = { kind: 'set'; input: OccurrenceInput } | { kind: 'clear' };

/**
 * "This one" for an occurrence not created yet, under the series' lock (the scheduler holds it while it
 * creates occurrences, so the two never cross): the override is written before the occurrence is
 * created, and the scheduler applies it then; an occurrence already created is its task's to change.
 */
async function changeOccurrence(
  deps: Deps,
  userId: string,
  id: string,
  due: Date,
  change: Change,
): Promise<OccurrenceView> {
  return writeWithEvents(deps, async (tx) => {
    const s = await lockSeries(tx, id);
    if (!s) throw notFound('Series not found');
    authorize(await roleIn(tx, userId, s.project_id), 'write', 'Series');
    const [created] = await createdAt(tx, s.id, [due]);
    if (created)
      throw conflict(
        `That occurrence is already task ${created.task_id}: change the task (PATCH /api/tasks/${created.task_id})`,
      );
    if ((await occurrencesOf(s)).next(due, true)?.getTime() !== due.getTime())
      throw badRequest('No occurrence of this series is due then', [
        { path: 'path.due', message: 'Name an occurrence by the due date its rule gives it' },
      ]);
    const now = deps.clock.now();
    const waits =
      s.status !== 'ended' &&
      s.next_due !== null &&
      due.getTime() >= s.next_due.getTime() &&
      (s.status === 'active' || due.getTime() >= now.getTime());
    if (!waits)
      throw conflict(
        'That occurrence will not be created (the series has ended, was paused then, or passed it over)',
      );
    if (change.kind === 'clear') {
      if (!(await deleteOverride(tx, s.id, due)))
        throw notFound('That occurrence has no change to undo');
    } else {
      const { skip, due_at, ...rest } = change.input;
      const changes: OccurrenceChanges = {
        ...rest,
        ...(due_at ? { due_at: due_at.toISOString() } : {}),
      };
      await upsertOverride(tx, {
        series_id: s.id,
        due_at: due,
        skip,
        changes,
        updated_by: userId,
        updated_at: now,
      });
    }
    const [view] = await statesOf(tx, s, [due]);
    return view!;
  });
}

export const overrideOccurrence = (
  deps: Deps,
  userId: string,
  id: string,
  due: Date,
  input: OccurrenceInput,
) => changeOccurrence(deps, userId, id, due, { kind: 'set', input });
export const clearOccurrence = (deps: Deps, userId: string, id: string, due: Date) =>
  changeOccurrence(deps, userId, id, due, { kind: 'clear' });
