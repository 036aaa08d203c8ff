import * as z from 'zod';
import type { Deps } from '../deps.js';
import type { Tx } from '../db/database.js';
import { roleIn } from '../db/access.js';
import { CONSUMED_TYPES, memberEventType, REMINDER_DUE_TYPE } from '../events/catalog.js';
import { UnprocessableEvent, type ConsumedEvent, type Consumer } from '../events/consumer.js';
import type { RecordEvents } from '../events/write-with-events.js';
import { notify, notifyReminder } from '../reminders/reminders.js';
import { ReminderDue, TaskAssigned } from '../schemas/notification.js';
import { Member } from '../schemas/project.js';

const INVITED = memberEventType('invited');

const parse = <T>(schema: z.ZodType<T>, data: unknown): T => {
  const parsed = schema.safeParse(data);
  if (!parsed.success)
    throw new UnprocessableEvent(
      `its data is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
};

/**
 * The notifier: what a user should be told becomes their notification, once per event: a reminder
 * that came due, a project shared with them (an invitation), a task assigned to them. An assignment
 * the assignee can no longer see by the time it arrives is not told.
 */
export const notifierConsumer: Consumer<Record<string, unknown>> = {
  types: CONSUMED_TYPES.notifier,
  data: z.record(z.string(), z.unknown()),
  async handle(
    event: ConsumedEvent<Record<string, unknown>>,
    tx: Tx,
    deps: Deps,
    record: RecordEvents,
  ) {
    if (event.type === REMINDER_DUE_TYPE)
      return notifyReminder({ ...event, data: parse(ReminderDue, event.data) }, tx, deps, record);
    if (event.type === INVITED) {
      const member = parse(Member, event.data);
      const base = {
        user_id: member.user_id,
        kind: 'invitation' as const,
        task_id: null,
        project_id: member.project_id,
      };
      // Dated when it was sent, as its membership is: the list shows the current invitation only.
      return notify(
        tx,
        deps,
        record,
        { ...base, actor_id: event.userId, title: member.project_name, event_id: event.id },
        new Date(member.invited_at),
      );
    }
    const assigned = parse(TaskAssigned, event.data);
    if ((await roleIn(tx, assigned.assignee_id, assigned.project_id)) === null) return;
    const base = {
      user_id: assigned.assignee_id,
      kind: 'assigned' as const,
      task_id: assigned.task_id,
      project_id: assigned.project_id,
    };
    return notify(tx, deps, record, {
      ...base,
      actor_id: event.userId,
      title: assigned.title,
      event_id: event.id,
    });
  },
};
