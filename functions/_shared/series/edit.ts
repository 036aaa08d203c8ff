import type { Deps } from '../deps.js';
import type { SeriesRow, SeriesUpdate, Tx } from '../db/database.js';
import { insertSeries, lockSeriesTasks, moveOccurrences, updateSeriesRow } from '../db/series.js';
import { moveOverrides } from '../db/series-overrides.js';
import { ensureTags, setTaskTags } from '../db/tags.js';
import { updateTask } from '../db/tasks.js';
import { badRequest, notFound } from '../errors.js';
import { taskEvent } from '../events/task-event.js';
import type { RecordEvents } from '../events/write-with-events.js';
import { formatRRule } from '../recurrence/rrule-text.js';
import { parseRRuleField } from '../recurrence/rule.js';
import type { SeriesPatch, SeriesView } from '../schemas/series.js';
import { toTaskView } from '../tasks/task-view.js';
import { changeSeries, positionAt } from './manage.js';
import { occurrencesOf } from './plan.js';
import { toSeriesView } from './view.js';

/** The fields of a patch that a series keeps (scope and from aside). */
function fieldsOf(p: SeriesPatch): SeriesUpdate {
  const f: SeriesUpdate = {};
  if (p.title !== undefined) f.title = p.title;
  if (p.description !== undefined) f.description = p.description;
  if (p.priority !== undefined) f.priority = p.priority;
  if (p.tags !== undefined) f.tags = p.tags;
  if (p.rrule !== undefined) f.rrule = formatRRule(parseRRuleField(p.rrule, 'rrule'));
  if (p.start !== undefined) f.dtstart = new Date(Math.floor(p.start.getTime() / 1000) * 1000);
  if (p.lead_minutes !== undefined) f.lead_minutes = p.lead_minutes;
  if (p.remind_minutes !== undefined) f.remind_minutes = p.remind_minutes;
  if (p.catch_up !== undefined) f.catch_up = p.catch_up;
  if (p.catch_up_cap !== undefined) f.catch_up_cap = p.catch_up_cap;
  return f;
}

/** The rule cut to end before `from`: an UNTIL just before it (a COUNT that ends sooner stays). */
async function endBefore(s: SeriesRow, from: Date): Promise<string> {
  const rule = parseRRuleField(s.rrule, 'rrule');
  const until = new Date(from.getTime() - 1000);
  if (rule.count !== undefined) {
    const last = (await occurrencesOf(s))
      .between(s.dtstart, new Date('9999-12-31T00:00:00Z'), rule.count)
      .at(-1);
    if (last && last.getTime() <= until.getTime()) return s.rrule;
  }
  return formatRRule({ ...rule, count: undefined, until });
}

/**
 * "This and following": the occurrences from `from` on become a new series with the change (its
 * `split_from` names the old one), and the old one ends before `from`. Tasks already created from
 * `from` on move to the new series; those still open take its title, description, priority and tags.
 */
async function splitSeries(
  deps: Deps,
  tx: Tx,
  record: RecordEvents,
  old: SeriesRow,
  p: SeriesPatch & { from: Date },
  now: Date,
): Promise<SeriesRow> {
  const fields = fieldsOf(p);
  const next: SeriesRow = {
    ...old,
    ...fields,
    dtstart: fields.dtstart ?? new Date(Math.floor(p.from.getTime() / 1000) * 1000),
  } as SeriesRow;
  const row = await insertSeries(tx, {
    id: deps.ids.next(),
    user_id: old.user_id,
    project_id: old.project_id,
    title: next.title,
    description: next.description,
    priority: next.priority,
    tags: next.tags,
    rrule: next.rrule,
    dtstart: next.dtstart,
    time_zone: old.time_zone,
    lead_minutes: next.lead_minutes,
    remind_minutes: next.remind_minutes,
    catch_up: next.catch_up,
    catch_up_cap: next.catch_up_cap,
    status: old.status === 'ended' ? 'active' : old.status,
    split_from: old.id,
    created_at: now,
    updated_at: now,
    next_due: null,
    next_create_at: null,
  });
  await moveOccurrences(tx, old.id, row.id, p.from);
  await moveOverrides(tx, old.id, row.id, p.from);
  const moved = (await lockSeriesTasks(tx, row.id)).filter((t) => t.status === 'pending');
  const tagIds =
    p.tags && (await ensureTags(tx, old.user_id, p.tags, deps.ids.next, now)).map((t) => t.id);
  for (const task of moved) {
    if (tagIds) await setTaskTags(tx, task.id, tagIds);
    const changed = await updateTask(tx, task.id, {
      title: next.title,
      description: next.description,
      priority: next.priority,
      updated_at: now,
      version: task.version + 1,
    });
    await record(
      await taskEvent('updated', toTaskView(changed), {
        actorId: changed.user_id,
        eventId: deps.ids.next(),
        at: now,
      }),
    );
  }
  const lastMoved = moved.at(-1)?.due_at ?? null;
  const position = await positionAt(
    {
      ...next,
      last_due: lastMoved ?? (old.last_due && old.last_due >= p.from ? old.last_due : null),
    },
    p.from,
    now,
  );
  return updateSeriesRow(tx, row.id, {
    ...position,
    last_due: lastMoved,
    status: position.next_due ? row.status : 'ended',
  });
}

/** Changes a series as a whole (`all`: what it has not created yet), or this and following (`following`). */
export async function patchSeries(
  deps: Deps,
  userId: string,
  id: string,
  p: SeriesPatch,
  expectedVersion?: number,
): Promise<SeriesView> {
  const fields = fieldsOf(p);
  if (Object.keys(fields).length === 0)
    throw badRequest('Nothing to change', [
      { path: 'title', message: 'Send at least one field to change' },
    ]);
  let created: SeriesRow | undefined;
  const old = await changeSeries(deps, userId, id, expectedVersion, async (s, tx, record, now) => {
    if (p.scope === 'following') {
      const from = p.from!;
      if (from.getTime() < s.dtstart.getTime())
        throw badRequest('That is before the series starts', [
          { path: 'from', message: 'Pick an occurrence of this series' },
        ]);
      created = await splitSeries(deps, tx, record, s, { ...p, from }, now);
      const rrule = await endBefore(s, from);
      const position = await positionAt({ ...s, rrule }, s.next_due ?? from, now);
      return { rrule, ...position, ...(position.next_due ? {} : { status: 'ended' as const }) };
    }
    const next = { ...s, ...fields } as SeriesRow;
    const timingChanged = ['rrule', 'dtstart', 'lead_minutes'].some((k) => k in fields);
    if (!timingChanged || s.status === 'ended') return fields;
    const position = await positionAt(next, next.dtstart, now);
    return { ...fields, ...position, ...(position.next_due ? {} : { status: 'ended' as const }) };
  });
  if (!old) throw notFound('Series not found');
  return toSeriesView(created ?? old);
}
