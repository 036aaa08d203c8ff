import type { Deps } from '../deps.js';
import type { OccurrenceChanges, SeriesOverrideRow, SeriesRow, Tx } from '../db/database.js';
import {
  claimOccurrences,
  insertTasks,
  lockDueSeries,
  nextSeriesAt,
  tagTasks,
  updateSeriesRow,
} from '../db/series.js';
import { pendingOverrides } from '../db/series-overrides.js';
import { ensureTags, tagsOfTasks } from '../db/tags.js';
import { taskEvent } from '../events/task-event.js';
import { writeWithEvents } from '../events/write-with-events.js';
import { toTaskView } from '../tasks/task-view.js';
import { nextEventBy, type Writing } from '../tasks/writing.js';
import { planRun } from './plan.js';
import { WAKE_CHANNELS } from '../events/catalog.js';

/** The channel the database NOTIFYs with a series' next creation time (epoch ms) whenever it is set. */
export const SERIES_CHANNEL = WAKE_CHANNELS.series;

export interface RunOptions {
  /** Series locked by one transaction. */
  series?: number;
  /** Occurrences one transaction creates for one series. */
  chunk?: number;
}

/** Every tag on the tasks that carry these names (`owner`'s tags), one statement per set of names. */
async function tagAll(w: Writing, owner: string, names: Map<string, string[]>): Promise<void> {
  const bySet = new Map<string, string[]>();
  for (const [taskId, tags] of names)
    if (tags.length > 0)
      bySet.set(JSON.stringify(tags), [...(bySet.get(JSON.stringify(tags)) ?? []), taskId]);
  for (const [set, taskIds] of bySet) {
    const tagIds = (
      await ensureTags(w.tx, owner, JSON.parse(set) as string[], w.ids.next, w.now)
    ).map((t) => t.id);
    await tagTasks(w.tx, taskIds, tagIds);
  }
}

/**
 * A chunk of occurrences: their tasks (each as the series has it, or with the edit made to that one
 * occurrence beforehand), with their tags and `task.created` events, and their lines in the ledger.
 */
async function createOccurrences(
  w: Writing,
  s: SeriesRow,
  dues: Date[],
  edits: Map<number, OccurrenceChanges>,
): Promise<number> {
  const { tx, now } = w;
  const planned = dues.map((due) => ({
    due,
    id: w.ids.next(),
    edit: edits.get(due.getTime()) ?? {},
  }));
  // The ledger first: an occurrence already recorded (it cannot be, while the series is locked) is not made twice.
  const claimed = await claimOccurrences(
    tx,
    planned.map((p) => ({ series_id: s.id, due_at: p.due, task_id: p.id, created_at: now })),
  );
  const made = planned.filter((p) => claimed.has(p.id));
  const rows = await insertTasks(
    tx,
    made.map(({ id, due, edit }) => {
      const dueAt = edit.due_at ? new Date(edit.due_at) : due;
      return {
        id,
        user_id: s.user_id,
        project_id: s.project_id,
        series_id: s.id,
        title: edit.title ?? s.title,
        description: edit.description !== undefined ? edit.description : s.description,
        priority: edit.priority ?? s.priority,
        due_at: dueAt,
        remind_at:
          s.remind_minutes === null ? null : new Date(dueAt.getTime() - s.remind_minutes * 60_000),
        recurrence: null,
        created_at: now,
        updated_at: now,
      };
    }),
  );
  const names = new Map(made.map((p) => [p.id, p.edit.tags ?? s.tags]));
  const tagged = [...names.values()].some((n) => n.length > 0);
  if (tagged) await tagAll(w, s.user_id, names);
  const tags = tagged
    ? await tagsOfTasks(
        tx,
        rows.map((r) => r.id),
      )
    : new Map();
  await w.record(
    ...(await Promise.all(
      rows.map((row) => taskEvent('created', toTaskView(row, tags), nextEventBy(w))),
    )),
  );
  return rows.length;
}

/** The locked series' overrides still ahead of them, by series and due date. */
async function overridesOf(tx: Tx, series: SeriesRow[]): Promise<Map<string, SeriesOverrideRow[]>> {
  const bySeries = new Map<string, SeriesOverrideRow[]>();
  for (const o of await pendingOverrides(
    tx,
    series.map((s) => s.id),
  ))
    bySeries.set(o.series_id, [...(bySeries.get(o.series_id) ?? []), o]);
  return bySeries;
}

/**
 * One transaction's work: the due series it could lock, each moved on by one chunk of occurrences,
 * their tasks and events and the series' new position committed together. A crash loses the
 * transaction whole; the next run starts from where the last commit left each series.
 */
async function runOnce(
  deps: Deps,
  options: Required<RunOptions>,
): Promise<{ created: number; passed: number; series: number }> {
  return writeWithEvents(deps, async (tx, record) => {
    const now = deps.clock.now();
    const due = await lockDueSeries(tx, now, options.series);
    const overrides = await overridesOf(tx, due);
    let created = 0;
    let passed = 0;
    for (const s of due) {
      const own = overrides.get(s.id) ?? [];
      const plan = await planRun(
        s,
        now,
        options.chunk,
        new Set(own.filter((o) => o.skip).map((o) => o.due_at.getTime())),
      );
      const edits = new Map(own.filter((o) => !o.skip).map((o) => [o.due_at.getTime(), o.changes]));
      // The series' user makes its occurrences.
      const w = { tx, record, ids: deps.ids, now, actorId: s.user_id };
      created += await createOccurrences(w, s, plan.create, edits);
      passed += plan.passed;
      if (plan.skipped > 0)
        deps.logger.warn(
          {
            series_id: s.id,
            skipped: plan.skipped,
            cap: s.catch_up === 'latest' ? 1 : s.catch_up_cap,
          },
          'series catch-up capped: the oldest missed occurrences were skipped',
        );
      await updateSeriesRow(tx, s.id, {
        next_due: plan.next_due,
        next_create_at: plan.next_create_at,
        generated: s.generated + plan.create.length,
        last_due: plan.create.at(-1) ?? s.last_due,
        ...(plan.skipped > 0 ? { capped_at: now, capped_skipped: plan.skipped } : {}),
        ...(plan.next_due === null ? { status: 'ended' as const } : {}),
      });
    }
    return { created, passed, series: due.length };
  });
}

/** Runs until no series has an occurrence due; answers how many occurrences were created. */
export async function runSeriesScheduler(deps: Deps, options: RunOptions = {}): Promise<number> {
  const o = { series: options.series ?? 20, chunk: options.chunk ?? 25 };
  let created = 0;
  for (;;) {
    const run = await runOnce(deps, o);
    created += run.created;
    // A run that only passed over skipped occurrences moved its series on too: go on.
    if (run.series === 0 || run.created + run.passed === 0) return created;
  }
}

export const nextSeriesCreateAt = (deps: Deps): Promise<Date | null> => nextSeriesAt(deps.db);
