import type { Deps } from '../deps.js';
import type { SeriesRow, SeriesUpdate, Tx } from '../db/database.js';
import { authorize } from '../access/rule.js';
import { placeRole, roleIn } from '../db/access.js';
import {
  findSeries,
  insertSeries,
  listSeriesOf,
  lockSeries,
  lockSeriesTasks,
  updateSeriesRow,
} from '../db/series.js';
import { updateTask } from '../db/tasks.js';
import { findUserById } from '../db/users.js';
import { badRequest, notFound, preconditionFailed } from '../errors.js';
import { taskEvent } from '../events/task-event.js';
import { writeWithEvents, type RecordEvents } from '../events/write-with-events.js';
import { formatRRule } from '../recurrence/rrule-text.js';
import { parseRRuleField } from '../recurrence/rule.js';
import type { SeriesCreate, SeriesView } from '../schemas/series.js';
import { toTaskView } from '../tasks/task-view.js';
import { nextFrom } from './plan.js';
import { toSeriesView } from './view.js';

const later = (...dates: (Date | null | undefined)[]) =>
  new Date(Math.max(...dates.filter((d): d is Date => !!d).map((d) => d.getTime())));

/** The first occurrence a series still owes: not before `from`, now, or the one after the last it created. */
export async function positionAt(
  s: Pick<SeriesRow, 'rrule' | 'dtstart' | 'time_zone' | 'lead_minutes' | 'last_due'>,
  from: Date,
  now: Date,
) {
  return nextFrom(s, later(from, now, s.last_due && new Date(s.last_due.getTime() + 1)));
}

/**
 * A new series: occurrences from `start` on (none before now: a series starts today, not with a
 * backlog), in the user's time zone as it is now.
 */
export async function createSeries(
  deps: Deps,
  userId: string,
  input: SeriesCreate,
): Promise<SeriesView> {
  const rrule = formatRRule(parseRRuleField(input.rrule, 'rrule'));
  const user = await findUserById(deps.db, userId);
  if (!user) throw notFound('No such user');
  const { projectId, role } = await placeRole(deps.db, userId, input.project_id);
  authorize(role, 'write', 'Project');
  const now = deps.clock.now();
  // RRULE date-times are whole seconds.
  const start = new Date(Math.floor(input.start.getTime() / 1000) * 1000);
  const timing = {
    rrule,
    dtstart: start,
    time_zone: user.timezone,
    lead_minutes: input.lead_minutes,
    last_due: null,
  };
  const position = await positionAt(timing, start, now);
  if (!position.next_due)
    throw badRequest('The rule has no occurrences from now on', [
      {
        path: 'rrule',
        message: 'This rule (its COUNT or UNTIL) has no occurrence after its start and now',
      },
    ]);
  const row = await insertSeries(deps.db, {
    id: deps.ids.next(),
    user_id: userId,
    project_id: projectId,
    title: input.title,
    description: input.description ?? null,
    priority: input.priority,
    tags: input.tags,
    rrule,
    dtstart: start,
    time_zone: user.timezone,
    lead_minutes: input.lead_minutes,
    remind_minutes: input.remind_minutes,
    catch_up: input.catch_up,
    catch_up_cap: input.catch_up_cap,
    ...position,
    created_at: now,
    updated_at: now,
  });
  return toSeriesView(row);
}

export async function getSeries(deps: Deps, userId: string, id: string): Promise<SeriesView> {
  const row = await findSeries(deps.db, userId, id);
  if (!row) throw notFound('Series not found');
  return toSeriesView(row);
}

export const listSeries = async (
  deps: Deps,
  userId: string,
  projectId?: string,
): Promise<SeriesView[]> => (await listSeriesOf(deps.db, userId, projectId)).map(toSeriesView);

/** Locks a series the user may change (an editor of its project), checks an expected version, and writes what `change` answers (with a version bump). */
export async function changeSeries(
  deps: Deps,
  userId: string,
  id: string,
  expectedVersion: number | undefined,
  change: (s: SeriesRow, tx: Tx, record: RecordEvents, now: Date) => Promise<SeriesUpdate>,
): Promise<SeriesRow> {
  return writeWithEvents(deps, async (tx, record) => {
    const s = await lockSeries(tx, id);
    if (!s) throw notFound('Series not found');
    // The access rule: a non-member is told nothing (404), a viewer may not change it (403).
    authorize(await roleIn(tx, userId, s.project_id), 'write', 'Series');
    if (expectedVersion !== undefined && expectedVersion !== s.version)
      throw preconditionFailed(`The series is at version ${s.version}, not ${expectedVersion}`);
    const now = deps.clock.now();
    return updateSeriesRow(tx, id, {
      ...(await change(s, tx, record, now)),
      updated_at: now,
      version: s.version + 1,
    });
  });
}

/** Pause (no occurrences until resumed), resume (from now on: what fell in the pause is not made), end (no more). */
export async function setSeriesStatus(
  deps: Deps,
  userId: string,
  id: string,
  action: 'pause' | 'resume' | 'end',
  expectedVersion?: number,
): Promise<SeriesView> {
  const row = await changeSeries(
    deps,
    userId,
    id,
    expectedVersion,
    async (s, _tx, _record, now) => {
      if (s.status === 'ended' && action !== 'end')
        throw badRequest('The series has ended', [
          { path: 'status', message: 'An ended series cannot be paused or resumed' },
        ]);
      if (action === 'pause') return { status: 'paused' };
      if (action === 'end') return { status: 'ended', next_due: null, next_create_at: null };
      if (s.status === 'active') return {};
      const position = await positionAt(s, now, now);
      return { status: position.next_due ? 'active' : 'ended', ...position };
    },
  );
  return toSeriesView(row);
}

/** Deletes a series; its tasks stay (`keep`) or go with it (`delete`, each with its `task.deleted`). */
export async function deleteSeries(
  deps: Deps,
  userId: string,
  id: string,
  instances: 'keep' | 'delete',
): Promise<void> {
  await changeSeries(deps, userId, id, undefined, async (s, tx, record, now) => {
    if (instances === 'delete') {
      for (const task of await lockSeriesTasks(tx, s.id)) {
        const row = await updateTask(tx, task.id, {
          deleted_at: now,
          updated_at: now,
          version: task.version + 1,
        });
        await record(
          await taskEvent('deleted', toTaskView(row), {
            actorId: row.user_id,
            eventId: deps.ids.next(),
            at: now,
          }),
        );
      }
    }
    return { deleted_at: now, status: 'ended', next_due: null, next_create_at: null };
  });
}
