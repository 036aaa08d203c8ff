import { sql, type SelectQueryBuilder } from 'kysely';
import type { Database, Executor, Tx } from './database.js';

/**
 * Tasks awaiting a reminder: pending, live, with a remind_at not reminded yet. The same condition
 * stands in the migration's partial index (tasks_reminders_due) and trigger (ripple_reminder_armed).
 */
function awaitingReminder<O>(qb: SelectQueryBuilder<Database, 'tasks', O>) {
  return qb
    .where('remind_at', 'is not', null)
    .where('status', '=', 'pending')
    .where('deleted_at', 'is', null)
    .where(sql<boolean>`reminder_sent_for is distinct from remind_at`)
    .orderBy('remind_at');
}

/**
 * Up to `limit` tasks whose reminder is due at `now`, locked; rows another scheduler holds are
 * skipped. `user_id` is whom it reminds: the assignee, or else whoever created the task.
 */
export async function lockDueReminders(tx: Tx, now: Date, limit: number) {
  return tx
    .selectFrom('tasks')
    .select(['id', 'project_id', 'title', 'remind_at', 'due_at'])
    .select(sql<string>`coalesce(assignee_id, user_id)`.as('user_id'))
    .$call(awaitingReminder)
    .where('remind_at', '<=', now)
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

/** Records that these tasks' current remind_at has been reminded (a new remind_at re-arms them). */
export async function markReminded(tx: Tx, taskIds: readonly string[]): Promise<void> {
  await tx
    .updateTable('tasks')
    .set((eb) => ({ reminder_sent_for: eb.ref('remind_at') }))
    .where('id', 'in', taskIds)
    .execute();
}

/** The earliest remind_at still awaiting its reminder, or null. */
export async function nextReminder(db: Executor): Promise<Date | null> {
  const row = await db
    .selectFrom('tasks')
    .select('remind_at')
    .$call(awaitingReminder)
    .limit(1)
    .executeTakeFirst();
  return row?.remind_at ?? null;
}
