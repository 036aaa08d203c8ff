import type { Deps } from '../deps.js';
import type { SeriesRow, Tx } from '../db/database.js';
import { claimOccurrences, insertTasks, lockDueSeries, nextSeriesAt, tagTasks, updateSeriesRow } from '../db/series.js';
import { ensureTags, tagsOfTasks, type TagsByTask } from '../db/tags.js';
import { taskEvent } from '../events/task-event.js';
import { writeWithEvents, type RecordEvents } from '../events/write-with-events.js';
import { toTaskView } from '../tasks/task-view.js';
import { planRun } from './plan.js';

/** The channel the database NOTIFYs with a series' next creation time (epoch ms) whenever it is set. */
export const SERIES_CHANNEL = 'ripple_series';

export interface RunOptions {
  /** Series locked by one transaction. */
  series?: number;
  /** Occurrences one transaction creates for one series. */
  chunk?: number;
}

/** A chunk of occurrences: their tasks, with their tags and `task.created` events, and their lines in the ledger. */
async function createOccurrences(deps: Deps, tx: Tx, record: RecordEvents, s: SeriesRow, dues: Date[], now: Date): Promise<number> {
  const planned = dues.map((due) => ({ due, id: deps.ids.next() }));
  // The ledger first: an occurrence already recorded (it cannot be, while the series is locked) is not made twice.
  const claimed = await claimOccurrences(tx, planned.map((p) => ({ series_id: s.id, due_at: p.due, task_id: p.id, created_at: now })));
  const rows = await insertTasks(
    tx,
    planned
      .filter((p) => claimed.has(p.id))
      .map((p) => ({
        id: p.id,
        user_id: s.user_id,
        project_id: s.project_id,
        series_id: s.id,
        title: s.title,
        description: s.description,
        priority: s.priority,
        due_at: p.due,
        remind_at: s.remind_minutes === null ? null : new Date(p.due.getTime() - s.remind_minutes * 60_000),
        recurrence: null,
        created_at: now,
        updated_at: now,
      })),
  );
  let tags: TagsByTask = new Map();
  if (s.tags.length > 0 && rows.length > 0) {
    const tagIds = (await ensureTags(tx, s.user_id, s.tags, deps.ids.next, now)).map((t) => t.id);
    await tagTasks(tx, rows.map((r) => r.id), tagIds);
    tags = await tagsOfTasks(tx, rows.map((r) => r.id));
  }
  await record(...(await Promise.all(rows.map((row) => taskEvent('created', toTaskView(row, tags), s.user_id, deps.ids.next(), now)))));
  return rows.length;
}

/**
 * One transaction's work: the due series it could lock, each moved on by one chunk of occurrences,
 * their tasks and events and the series' new position committed together. A crash loses the
 * transaction whole; the next run starts from where the last commit left each series.
 */
async function runOnce(deps: Deps, options: Required<RunOptions>): Promise<{ created: number; series: number }> {
  return writeWithEvents(deps, async (tx, record) => {
    const now = deps.clock.now();
    const due = await lockDueSeries(tx, now, options.series);
    let created = 0;
    for (const s of due) {
      const plan = await planRun(s, now, options.chunk);
      created += await createOccurrences(deps, tx, record, s, plan.create, now);
      if (plan.skipped > 0) deps.logger.warn({ series_id: s.id, skipped: plan.skipped, cap: s.catch_up === 'latest' ? 1 : s.catch_up_cap }, 'series catch-up capped: the oldest missed occurrences were skipped');
      await updateSeriesRow(tx, s.id, {
        next_due: plan.next_due,
        next_create_at: plan.next_create_at,
        generated: s.generated + plan.create.length,
        last_due: plan.create.at(-1) ?? s.last_due,
        ...(plan.skipped > 0 ? { capped_at: now, capped_skipped: plan.skipped } : {}),
        ...(plan.next_due === null ? { status: 'ended' as const } : {}),
      });
    }
    return { created, series: due.length };
  });
}

/** Runs until no series has an occurrence due; answers how many occurrences were created. */
export async function runSeriesScheduler(deps: Deps, options: RunOptions = {}): Promise<number> {
  const o = { series: options.series ?? 20, chunk: options.chunk ?? 25 };
  let created = 0;
  for (;;) {
    const run = await runOnce(deps, o);
    created += run.created;
    if (run.series === 0 || run.created === 0) return created;
  }
}

export const nextSeriesCreateAt = (deps: Deps): Promise<Date | null> => nextSeriesAt(deps.db);

