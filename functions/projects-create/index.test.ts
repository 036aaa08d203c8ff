import { describe, expect, it } from 'vitest';
import { signedInClient } from '../../test/support/client.js';
import { eventsAbout } from '../../test/support/projects.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();

describe('POST /api/projects', () => {
  it('creates a project the caller owns as its admin, last in their list, and writes project.created', async () => {
    const user = await signedInClient(env.t.app);
    const res = await user.post('/api/projects', { name: '  Garden ', color: '#22AA55' });
    expect(res.status).toBe(201);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'Garden',
      color: '#22aa55',
      is_inbox: false,
      owner_id: user.user.id,
      archived_at: null,
      deleted_at: null,
      created_at: '2026-03-01T09:00:00.000Z',
      updated_at: '2026-03-01T09:00:00.000Z',
      version: 1,
      role: 'admin',
      position: 1,
      open_count: 0,
      overdue_count: 0,
      member_count: 1,
    });
    const second = await user.post('/api/projects', { name: 'Work' });
    expect(second.body).toMatchObject({
      position: 2,
      color: expect.stringMatching(/^#[0-9a-f]{6}$/),
    });
    const events = await eventsAbout(env.db, res.body.id);
    expect(events).toEqual([
      {
        type: 'dev.ripple.project.created',
        userid: user.user.id,
        projectid: res.body.id,
        data: expect.objectContaining({ id: res.body.id, name: 'Garden' }),
      },
    ]);
    expect(Object.keys(events[0]!.data).sort()).toEqual([
      'archived_at',
      'color',
      'created_at',
      'deleted_at',
      'id',
      'is_inbox',
      'name',
      'owner_id',
      'updated_at',
      'version',
    ]);
  });

  it('refuses bad input with 400 and the field, and creates nothing', async () => {
    const user = await signedInClient(env.t.app);
    const bad: [unknown, string][] = [
      [{ name: '' }, 'name'],
      [{ name: '   ' }, 'name'],
      [{ name: 'x'.repeat(101) }, 'name'],
      [{ name: 'Ok', color: 'red' }, 'color'],
      [{ name: 'Ok', owner_id: user.user.id }, 'owner_id'],
      [{}, 'name'],
    ];
    for (const [body, path] of bad) {
      const res = await user.post('/api/projects', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect((await user.get('/api/projects')).body.map((p: { name: string }) => p.name)).toEqual([
      'Inbox',
    ]);
    expect((await user.post('/api/projects', { name: 'x'.repeat(100) })).status).toBe(201);
  });

  it('needs a signed-in caller', async () => {
    const res = await env.t.app.request('/api/projects', {
      method: 'POST',
      body: JSON.stringify({ name: 'x' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(401);
  });
});
