import { sql } from 'kysely';
import { readableProjects } from './access.js';
import type { Executor, Tx } from './database.js';

/** How many hours after the chosen one an agenda still goes out (a scheduler that was down, an hour a DST change skips). */
const AGENDA_WINDOW_HOURS = 3;

/**
 * Claims today's agenda of every user whose chosen local hour has come: marks their local day as
 * sent and answers who and which day, in the caller's transaction. The update locks each row, and a
 * second scheduler at the same moment re-reads it and finds the day taken: one agenda per local day.
 */
export async function claimDueAgendas(
  tx: Tx,
  now: Date,
): Promise<{ user_id: string; local_date: string }[]> {
  const local = sql`(${now}::timestamptz at time zone u.timezone)`;
  const result = await sql<{ user_id: string; local_date: string }>`
    update notification_settings s set agenda_sent_on = ${local}::date
    from users u
    where u.id = s.user_id
      and exists (select 1 from notification_preferences p where p.user_id = s.user_id and p.kind = 'agenda' and p.channel = 'email' and p.enabled)
      and extract(hour from ${local}) >= s.agenda_hour
      and extract(hour from ${local}) < s.agenda_hour + ${AGENDA_WINDOW_HOURS}
      and (s.agenda_sent_on is null or s.agenda_sent_on < ${local}::date)
    returning s.user_id, (${local}::date)::text as local_date`.execute(tx);
  return result.rows;
}

/** The user's open tasks due by the end of their local day (overdue ones too): theirs, or assigned to them. */
export async function agendaTasks(
  db: Executor,
  userId: string,
  localDate: string,
  timeZone: string,
) {
  const dayEnd = sql<Date>`((${localDate}::date + 1)::timestamp at time zone ${timeZone})`;
  return db
    .selectFrom('tasks as t')
    .select(['t.id', 't.title', 't.due_at'])
    .where('t.status', '=', 'pending')
    .where('t.deleted_at', 'is', null)
    .where('t.due_at', '<', dayEnd)
    .where('t.project_id', 'in', readableProjects(db, userId))
    .where((eb) =>
      eb.or([
        eb('t.assignee_id', '=', userId),
        eb.and([eb('t.assignee_id', 'is', null), eb('t.user_id', '=', userId)]),
      ]),
    )
    .orderBy('t.due_at')
    .orderBy('t.id')
    .limit(50)
    .execute();
}
