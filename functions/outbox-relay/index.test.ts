import { describe, expect, it } from 'vitest';
import { client, signedInClient } from '../../test/support/client.js';
import { useTestApp } from '../../test/support/test-app.js';
import { pingHeaders } from '../_shared/events/catalog.js';

// Stream entries are kept for less time than published events here, to see each pruned in turn.
const env = useTestApp({ env: { STREAM_RETENTION_HOURS: '100' } });
const ping = pingHeaders('ping', '/test');
const sweep = async () =>
  (await client(env.t.app).post('/events/outbox-relay', undefined, ping)).body;

describe('outbox-relay', () => {
  it('keeps published rows and stream entries for their retention, then prunes them and the processed-event records, never the audit log', async () => {
    const user = await signedInClient(env.t.app);
    const task = (await user.post('/api/tasks', { title: 'Kept a week' })).body;
    await env.t.settled();
    const outbox = () =>
      env.db.db
        .selectFrom('outbox')
        .select('published_at')
        .where('partition_key', '=', task.id)
        .execute();
    expect(await outbox()).toMatchObject([{ published_at: expect.any(Date) }]);

    expect(await sweep()).toEqual({ status: 'SUCCESS', claimed: 0, published: 0, pruned: 0 });
    const streamEntries = () => env.db.db.selectFrom('user_stream').selectAll().execute();
    expect(await streamEntries()).toHaveLength(1);
    env.t.clock.advance(101 * 3_600_000);
    expect((await sweep()).pruned).toBe(1);
    expect(await streamEntries()).toEqual([]);
    env.t.clock.advance(66 * 3_600_000);
    expect((await sweep()).pruned).toBe(0);
    env.t.clock.advance(2 * 3_600_000);
    expect((await sweep()).pruned).toBeGreaterThanOrEqual(2);
    expect(await outbox()).toEqual([]);
    expect(await env.db.db.selectFrom('processed_events').selectAll().execute()).toEqual([]);
    // (The user's token has long expired by the moved clock: read the log directly.)
    expect(
      await env.db.db
        .selectFrom('audit_log')
        .select('event_type')
        .where('task_id', '=', task.id)
        .execute(),
    ).toEqual([{ event_type: 'created' }]);
  });
});
