import type { Deps } from '../deps.js';
import type { Tx } from '../db/database.js';
import { agendaTasks, claimDueAgendas } from '../db/agenda.js';
import { dueDeliveryUsers, nextDeliveryAt } from '../db/deliveries.js';
import { contactOf } from '../db/notification-preferences.js';
import { writeWithEvents } from '../events/write-with-events.js';
import { publicUrl } from './content.js';
import { decide } from './deliver.js';
import { agendaDueEvent, deliveryDueEvent, type AgendaDue } from './events.js';

/**
 * One run of the agenda scheduler: an `agenda.due` for every user whose local agenda hour has come
 * (once per local day), and a `delivery.due` per channel and user whose deliveries are due (quiet
 * hours over, a retry's time come), in one transaction. Answers what it did and when to run next.
 */
export async function runAgendaScheduler(
  deps: Deps,
): Promise<{ agendas: number; woken: number; nextAt: Date }> {
  const { agendas, woken } = await writeWithEvents(deps, async (tx, record) => {
    const now = deps.clock.now();
    const due = await claimDueAgendas(tx, now);
    const wake = await dueDeliveryUsers(tx, now);
    await record(
      ...(await Promise.all(
        due.map((a) =>
          agendaDueEvent({ local_date: a.local_date }, a.user_id, deps.ids.next(), now),
        ),
      )),
    );
    await record(
      ...(await Promise.all(
        wake.map((w) => deliveryDueEvent({ channel: w.channel }, w.user_id, deps.ids.next(), now)),
      )),
    );
    return { agendas: due.length, woken: wake.length };
  });
  // Agenda hours begin on the quarter hour in every time zone there is; a waiting delivery may come sooner.
  const now = deps.clock.now().getTime();
  const quarter = 15 * 60_000;
  const nextQuarter = new Date(Math.floor(now / quarter) * quarter + quarter);
  const nextDelivery = await nextDeliveryAt(deps.db);
  const nextAt =
    nextDelivery && nextDelivery.getTime() > now && nextDelivery < nextQuarter
      ? nextDelivery
      : nextQuarter;
  return { agendas, woken, nextAt };
}

/** The mailer's agenda: the user's tasks due by the end of their day, one mail (none when nothing is due). */
export async function decideAgenda(
  tx: Tx,
  deps: Deps,
  userId: string,
  data: AgendaDue,
): Promise<void> {
  const contact = await contactOf(tx, userId);
  if (!contact) return;
  const tasks = await agendaTasks(tx, userId, data.local_date, contact.timezone);
  if (tasks.length === 0) return;
  // When each is due, on the user's own clock.
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone: contact.timezone,
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  const items = tasks.map((t) => ({
    title: t.title,
    due: t.due_at ? format.format(t.due_at) : null,
  }));
  const payload = {
    title: `Your agenda for ${data.local_date}`,
    body: `${tasks.length} open task${tasks.length === 1 ? '' : 's'} due by the end of the day:`,
    url: `${publicUrl(deps.config)}/#/`,
    task_id: null,
    items,
  };
  await decide(tx, deps, {
    channel: 'email',
    userId,
    kind: 'agenda',
    sourceId: `agenda:${data.local_date}`,
    payload,
    targets: [contact.email],
  });
}
