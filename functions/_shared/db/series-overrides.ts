import type { Executor, OccurrenceChanges, SeriesOverrideRow } from './database.js';

// "This one" for occurrences of a series not created yet: skipped, or what each differs in. Keyed as the
// ledger (series_occurrences) is, by series and the due date the rule gives the occurrence.

export async function upsertOverride(
  db: Executor,
  row: {
    series_id: string;
    due_at: Date;
    skip: boolean;
    changes: OccurrenceChanges;
    updated_by: string;
    updated_at: Date;
  },
): Promise<SeriesOverrideRow> {
  return db
    .insertInto('series_overrides')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['series_id', 'due_at']).doUpdateSet({
        skip: row.skip,
        changes: row.changes,
        updated_by: row.updated_by,
        updated_at: row.updated_at,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Removes an occurrence's override; answers whether there was one. */
export async function deleteOverride(db: Executor, seriesId: string, due: Date): Promise<boolean> {
  const res = await db
    .deleteFrom('series_overrides')
    .where('series_id', '=', seriesId)
    .where('due_at', '=', due)
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

/** The overrides of these series from each one's next occurrence on (those a run may still meet), in one statement. */
export async function pendingOverrides(
  db: Executor,
  seriesIds: readonly string[],
): Promise<SeriesOverrideRow[]> {
  if (seriesIds.length === 0) return [];
  return db
    .selectFrom('series_overrides as o')
    .innerJoin('series as s', 's.id', 'o.series_id')
    .selectAll('o')
    .where('o.series_id', 'in', seriesIds)
    .whereRef('o.due_at', '>=', 's.next_due')
    .execute();
}

/** The overrides of one series among these due dates. */
export async function overridesAt(
  db: Executor,
  seriesId: string,
  dues: readonly Date[],
): Promise<SeriesOverrideRow[]> {
  if (dues.length === 0) return [];
  return db
    .selectFrom('series_overrides')
    .selectAll()
    .where('series_id', '=', seriesId)
    .where('due_at', 'in', dues)
    .execute();
}

/** The ledger's lines of one series among these due dates: which are tasks already, and which. */
export async function createdAt(
  db: Executor,
  seriesId: string,
  dues: readonly Date[],
): Promise<{ due_at: Date; task_id: string }[]> {
  if (dues.length === 0) return [];
  return db
    .selectFrom('series_occurrences')
    .select(['due_at', 'task_id'])
    .where('series_id', '=', seriesId)
    .where('due_at', 'in', dues)
    .execute();
}

/** "This and following": the overrides from `from` on go with the occurrences to the new series. */
export async function moveOverrides(
  db: Executor,
  fromSeries: string,
  toSeries: string,
  from: Date,
): Promise<void> {
  await db
    .updateTable('series_overrides')
    .set({ series_id: toSeries })
    .where('series_id', '=', fromSeries)
    .where('due_at', '>=', from)
    .execute();
}
