import { describe, expect, it } from 'vitest';
import { client, signedInClient } from '../../test/support/client.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();

/** A user whose changes have all reached the audit log. */
async function userWithHistory() {
  const user = await signedInClient(env.t.app);
  const first = (await user.post('/api/tasks', { title: 'First' })).body;
  env.t.clock.advance(60_000);
  const second = (await user.post('/api/tasks', { title: 'Second' })).body;
  env.t.clock.advance(60_000);
  await user.post(`/api/tasks/${first.id}/complete`);
  env.t.clock.advance(60_000);
  await user.patch(`/api/tasks/${second.id}`, { title: 'Second, renamed' });
  env.t.clock.advance(60_000);
  await user.delete(`/api/tasks/${first.id}`);
  await env.t.settled();
  return { user, first, second };
}

describe('GET /api/audit', () => {
  it("answers the caller's changes newest first, each with the task as it was", async () => {
    const { user, first, second } = await userWithHistory();
    const res = await user.get('/api/audit');
    expect(res.status).toBe(200);
    expect(res.body.next_cursor).toBeNull();
    expect(
      res.body.items.map((e: { event_type: string; task_id: string }) => [e.event_type, e.task_id]),
    ).toEqual([
      ['deleted', first.id],
      ['updated', second.id],
      ['completed', first.id],
      ['created', second.id],
      ['created', first.id],
    ]);
    const [, updated, , , created] = res.body.items;
    expect(created.task).toEqual(first);
    expect(updated.task).toMatchObject({ id: second.id, title: 'Second, renamed', version: 2 });
    expect(created.occurred_at).toBe(first.created_at);
    expect(Object.keys(created).sort()).toEqual([
      'actor',
      'event_id',
      'event_type',
      'id',
      'occurred_at',
      'project_id',
      'task',
      'task_id',
    ]);
    // Who did it, and where: the caller, in their Inbox.
    expect(created.actor).toMatchObject({ id: first.created_by });
    expect(created.project_id).toBe(first.project_id);
  });

  it('filters by event type, task and time, and pages with a cursor bound to the query', async () => {
    const { user, first } = await userWithHistory();
    expect((await user.get('/api/audit?event_type=created')).body.items).toHaveLength(2);
    expect(
      (await user.get(`/api/audit?task_id=${first.id}`)).body.items.map(
        (e: { event_type: string }) => e.event_type,
      ),
    ).toEqual(['deleted', 'completed', 'created']);
    const from = new Date(new Date(first.created_at).getTime() + 60_000).toISOString();
    const to = new Date(new Date(first.created_at).getTime() + 120_000).toISOString();
    expect(
      (await user.get(`/api/audit?from=${from}&to=${to}`)).body.items.map(
        (e: { event_type: string }) => e.event_type,
      ),
    ).toEqual(['completed', 'created']);

    const seen: string[] = [];
    let page = await user.get('/api/audit?limit=2');
    for (;;) {
      seen.push(...page.body.items.map((e: { id: string }) => e.id));
      if (!page.body.next_cursor) break;
      page = await user.get(
        `/api/audit?limit=2&cursor=${encodeURIComponent(page.body.next_cursor)}`,
      );
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);

    const cursor = (await user.get('/api/audit?limit=2')).body.next_cursor;
    const otherQuery = await user.get(
      `/api/audit?limit=2&event_type=created&cursor=${encodeURIComponent(cursor)}`,
    );
    expect(otherQuery.status).toBe(400);
  });

  it('refuses bad input with 400 and changes nothing', async () => {
    const user = await signedInClient(env.t.app);
    for (const query of [
      'event_type=archived',
      'task_id=nope',
      'from=yesterday',
      'limit=0',
      'limit=101',
      'from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z',
      'cursor=abc',
      'from=2026-03-01T00:00:00Z&to=null',
      'from=null&to=2026-03-01T00:00:00Z',
    ]) {
      const res = await user.get(`/api/audit?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    // Dates outside 1900–9999 (UTC) answered 500; now 400 naming the parameter.
    for (const [query, path] of [
      ['from=0000-01-01T00:00:00Z', 'query.from'],
      ['from=0001-01-01T00:00:00Z', 'query.from'],
      ['to=9999-12-31T23:59:59-01:00', 'query.to'],
    ]) {
      const res = await user.get(`/api/audit?${query}`);
      expect(res.status, query).toBe(400);
      expect(
        res.body.errors.map((e: { path: string }) => e.path),
        query,
      ).toContain(path);
    }
    expect(
      (await user.get('/api/audit?from=1900-01-01T00:00:00Z&to=9999-12-31T23:59:59.999Z')).status,
    ).toBe(200);
  });

  it("shows only the caller's events: another user's task is not there, even asked for by id", async () => {
    const { first } = await userWithHistory();
    const stranger = await signedInClient(env.t.app);
    expect((await stranger.get('/api/audit')).body.items).toEqual([]);
    expect((await stranger.get(`/api/audit?task_id=${first.id}`)).body.items).toEqual([]);
    expect((await client(env.t.app).get('/api/audit')).status).toBe(401);
  });
});
