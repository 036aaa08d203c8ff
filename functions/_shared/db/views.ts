import { sql } from 'kysely';
import { readableProjects } from './access.js';
import type { Executor } from './database.js';

/**
 * The day boundaries of the Today and Upcoming views in the user's time zone, as instants: the start of
 * today, of tomorrow, and of the day after the 14 days Upcoming shows. Undefined for an unknown user.
 */
export async function viewBounds(db: Executor, userId: string, now: Date) {
  const day = sql`date_trunc('day', ${now}::timestamptz at time zone users.timezone)`;
  return db
    .selectFrom('users')
    .select('timezone')
    .select(sql<Date>`${day} at time zone users.timezone`.as('today'))
    .select(sql<Date>`(${day} + interval '1 day') at time zone users.timezone`.as('tomorrow'))
    .select(sql<Date>`(${day} + interval '14 days') at time zone users.timezone`.as('upcoming_end'))
    .where('id', '=', userId)
    .executeTakeFirst();
}

/**
 * How many open tasks of the projects the user reads (live, unarchived: those the task list shows) each
 * view holds, in one pass over the open-task index: due before tomorrow (Today, overdue included), due
 * before `upcomingEnd` (Upcoming), due before now (overdue), assigned to the user.
 */
export async function viewCounts(
  db: Executor,
  userId: string,
  at: { now: Date; tomorrow: Date; upcomingEnd: Date },
) {
  return db
    .selectFrom('tasks')
    .select(sql<number>`count(*) filter (where due_at < ${at.tomorrow})::int`.as('today'))
    .select(sql<number>`count(*) filter (where due_at < ${at.upcomingEnd})::int`.as('upcoming'))
    .select(sql<number>`count(*) filter (where due_at < ${at.now})::int`.as('overdue'))
    .select(sql<number>`count(*) filter (where assignee_id = ${userId})::int`.as('assigned'))
    .where('project_id', 'in', readableProjects(db, userId))
    .where('deleted_at', 'is', null)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
}

/**
 * Open tasks per tag name (lower case), over the same tasks: a shared project's task carries its members'
 * tags, and the list's tag filter matches any of them by name, so the counts are by name too.
 */
export async function openByTagName(db: Executor, userId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('task_tags as tt')
    .innerJoin('tags as g', 'g.id', 'tt.tag_id')
    .innerJoin('tasks as t', 't.id', 'tt.task_id')
    .select(sql<string>`lower(g.name)`.as('name'))
    .select(sql<number>`count(distinct t.id)::int`.as('open'))
    .where('t.project_id', 'in', readableProjects(db, userId))
    .where('t.deleted_at', 'is', null)
    .where('t.status', '=', 'pending')
    .groupBy(sql`lower(g.name)`)
    .execute();
  return new Map(rows.map((r) => [r.name, r.open]));
}
