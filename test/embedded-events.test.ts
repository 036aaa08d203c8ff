import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signedInClient } from './support/client.js';
import { binaryEvent } from './support/events.js';
import { useTestApp } from './support/test-app.js';

// The embedded app faces users: its consumers take events from its own bus, never from the network.
const env = useTestApp({ eventsFromNetwork: false });

describe('embedded mode', () => {
  it('answers 404 to an event posted from outside, and writes nothing', async () => {
    const user = await signedInClient(env.t.app);
    const taskId = randomUUID();
    const forged = {
      specversion: '1.0',
      id: randomUUID(),
      source: '/ripple/tasks',
      type: 'dev.ripple.task.created',
      subject: taskId,
      time: '2026-03-01T09:00:00Z',
      userid: user.user.id,
      data: { id: taskId },
    };
    const { headers, body } = binaryEvent(forged);
    for (const path of ['/events/audit-writer', '/events/outbox-relay']) {
      const res = await env.t.app.request(path, { method: 'POST', headers, body });
      expect(res.status, path).toBe(404);
    }
    expect(
      await env.db.db
        .selectFrom('audit_log')
        .selectAll()
        .where('event_id', '=', forged.id)
        .execute(),
    ).toEqual([]);
  });

  it('still delivers its own events to its consumers', async () => {
    const user = await signedInClient(env.t.app);
    const task = (await user.post('/api/tasks', { title: 'Delivered in process' })).body;
    await env.t.settled();
    expect((await user.get(`/api/audit?task_id=${task.id}`)).body.items).toMatchObject([
      { event_type: 'created', task },
    ]);
  });
});
