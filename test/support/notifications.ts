import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { REMINDER_DUE_TYPE, REMINDER_SOURCE } from '../../functions/_shared/events/catalog.js';
import { binaryEvent } from './events.js';
import type { User } from './projects.js';
import type { TestApp } from './test-app.js';

/**
 * The reminder scheduler's `reminder.due` for the task, due now on the app's clock, delivered to the
 * notifier as the bus does (binary mode): the user's notification, unless they turned those off.
 */
export async function reminded(
  t: TestApp,
  user: User,
  task: { id: string; title: string; project_id: string },
  title = task.title,
): Promise<void> {
  const now = t.clock.now().toISOString();
  const { headers, body } = binaryEvent({
    specversion: '1.0',
    id: randomUUID(),
    source: REMINDER_SOURCE,
    type: REMINDER_DUE_TYPE,
    subject: task.id,
    time: now,
    datacontenttype: 'application/json',
    userid: user.user.id,
    data: { task_id: task.id, title, remind_at: now, due_at: null, project_id: task.project_id },
  });
  const res = await t.app.request('/events/notifier', { method: 'POST', headers, body });
  expect(res.status).toBe(200);
}
