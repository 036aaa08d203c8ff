import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { binaryEvent } from '../../test/support/events.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();
const post = (headers: Record<string, string>, body: string) =>
  env.t.app.request('/events/dead-letters', { method: 'POST', headers, body });

describe('dead-letters, the sink of what the eventing system could not deliver', () => {
  it('keeps the event with why and where it failed, once however often it comes', async () => {
    const id = randomUUID();
    const request = binaryEvent({
      specversion: '1.0',
      id,
      source: '/ripple/tasks',
      type: 'dev.ripple.task.created',
      knativeerrorcode: '500',
      knativeerrordest: 'http://audit-writer.ripple.svc.cluster.local/events/audit-writer',
      knativeerrordata: 'eyJ0aXRsZSI6IkludGVybmFsIn0=',
      datacontenttype: 'application/json',
      data: { title: 'Lost?' },
    });
    for (let i = 0; i < 2; i++) {
      const res = await post(request.headers, request.body);
      expect(res.status).toBe(200);
    }
    const rows = await env.db.db
      .selectFrom('dead_letters')
      .selectAll()
      .where('event_id', '=', id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      event_type: 'dev.ripple.task.created',
      source: '/ripple/tasks',
      error_code: '500',
      error_dest: 'http://audit-writer.ripple.svc.cluster.local/events/audit-writer',
      error_data: 'eyJ0aXRsZSI6IkludGVybmFsIn0=',
      body: '{"title":"Lost?"}',
    });
    expect(rows[0]!.headers['ce-id']).toBe(id);
  });

  it('keeps a request that is not a readable CloudEvent as it came, and still answers 200', async () => {
    const res = await post({ 'content-type': 'text/plain' }, 'not an event at all');
    expect(res.status).toBe(200);
    const row = await env.db.db
      .selectFrom('dead_letters')
      .selectAll()
      .where('body', '=', 'not an event at all')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ event_id: null, event_type: null, error_code: null });
  });
});
