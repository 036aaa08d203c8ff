import { describe, expect, it } from 'vitest';
import { client } from '../../test/support/client.js';
import { useTestApp } from '../../test/support/test-app.js';
import { addFromLine } from '../_shared/quick-add/add-from-line.js';

const env = useTestApp();

async function userIn(timezone: string) {
  const res = await client(env.t.app).post('/api/auth/signup', {
    email: `qa-${Math.random().toString(36).slice(2)}@example.com`,
    password: 'quick add pass',
    timezone,
  });
  return { ...client(env.t.app, res.body.token), id: res.body.user.id as string };
}
const taskCount = async () =>
  Number(
    (
      await env.db.db
        .selectFrom('tasks')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('POST /api/tasks/parse, then POST /api/tasks with its `task`', () => {
  it('reads a line in the user’s zone against their projects, and the answer’s task creates exactly that', async () => {
    env.t.clock.set('2026-12-05T10:00:00Z');
    const user = await userIn('Asia/Kolkata');
    const project = await user.post('/api/projects', { name: 'Home Renovation' });
    const line = 'Call mom tomorrow 6pm #family !high every sunday @home renovation';
    const parsed = await user.post('/api/tasks/parse', { text: line });
    expect(parsed.status).toBe(200);
    expect(parsed.body).toMatchObject({
      title: 'Call mom',
      due_at: '2026-12-06T12:30:00.000Z',
      due_has_time: true,
      tags: ['family'],
      priority: 'high',
      recurrence: {
        frequency: 'weekly',
        interval: 1,
        weekdays: ['su'],
        from: 'due',
        rrule: 'FREQ=WEEKLY;BYDAY=SU',
      },
      project_id: project.body.id,
      problems: [],
    });
    expect(parsed.body.spans.map((s: { text: string }) => s.text)).toEqual([
      'tomorrow 6pm',
      '#family',
      '!high',
      'every sunday',
      '@home renovation',
    ]);
    expect(await taskCount()).toBe(0);

    const created = await user.post('/api/tasks', parsed.body.task);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      title: 'Call mom',
      due_at: '2026-12-06T12:30:00.000Z',
      priority: 'high',
      tags: [{ name: 'family' }],
      recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=SU' },
      project_id: project.body.id,
    });
  });

  it('keeps the pieces named in `literal` as words, and reports pieces that are wrong with no task', async () => {
    env.t.clock.set('2026-12-05T10:00:00Z');
    const user = await userIn('Europe/Berlin');
    const kept = await user.post('/api/tasks/parse', {
      text: 'Sunday school #kids',
      literal: ['Sunday'],
    });
    expect(kept.body).toMatchObject({
      title: 'Sunday school',
      due_at: null,
      tags: ['kids'],
      task: { title: 'Sunday school', tags: ['kids'] },
    });
    const wrong = await user.post('/api/tasks/parse', { text: 'Fix !superurgent @NoSuchProject' });
    expect(wrong.status).toBe(200);
    expect(wrong.body.problems.map((p: { text: string }) => p.text)).toEqual([
      '!superurgent',
      '@NoSuchProject',
    ]);
    expect(wrong.body.task).toBeNull();
  });

  it('keeps no answer for an Idempotency-Key: reading a line writes nothing', async () => {
    const user = await userIn('UTC');
    const keys = async () =>
      Number(
        (
          await env.db.db
            .selectFrom('idempotency_keys')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await keys();
    for (const text of ['Buy milk', 'Buy milk tomorrow']) {
      const res = await user.post(
        '/api/tasks/parse',
        { text },
        { 'idempotency-key': '"same-key"' },
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('idempotent-replayed')).toBeNull();
    }
    expect(await keys()).toBe(before);
  });

  it('refuses bad input with a 400 problem, a stranger with a 401, and changes nothing', async () => {
    const user = await userIn('UTC');
    const bad: [unknown, string][] = [
      [{}, 'text'],
      [{ text: '   ' }, 'text'],
      [{ text: 42 }, 'text'],
      [{ text: 'x'.repeat(1001) }, 'text'],
      [{ text: 'ok', literal: 'tomorrow' }, 'literal'],
      [{ text: 'ok', quick: true }, 'quick'],
    ];
    for (const [body, path] of bad) {
      const res = await user.post('/api/tasks/parse', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect((await client(env.t.app).post('/api/tasks/parse', { text: 'x' })).status).toBe(401);
  });
});

describe('addFromLine (for agents: one call from a line to a task)', () => {
  it('creates what the line says, and refuses a line with problems with a 400 naming each, creating nothing', async () => {
    env.t.clock.set('2026-12-05T10:00:00Z');
    const user = await userIn('America/New_York');
    // 23:59 on Dec 31 in New York.
    const { task } = await addFromLine(
      env.t.deps,
      user.id,
      'Pay rent every last day !urgent @Inbox',
    );
    expect(task).toMatchObject({
      title: 'Pay rent',
      priority: 'urgent',
      due_at: '2027-01-01T04:59:00.000Z',
      recurrence: { rrule: 'FREQ=MONTHLY;BYMONTHDAY=-1' },
    });
    const before = await taskCount();
    await expect(addFromLine(env.t.deps, user.id, 'Fix !superurgent')).rejects.toMatchObject({
      status: 400,
      errors: [
        {
          path: 'text',
          message: '!superurgent: A priority is !low, !medium, !high or !urgent (or !4 … !1)',
        },
      ],
    });
    await expect(addFromLine(env.t.deps, user.id, 'tomorrow #home')).rejects.toMatchObject({
      status: 400,
    });
    expect(await taskCount()).toBe(before);
  });
});
