import { describe, expect, it } from 'vitest';
import { client } from '../../test/support/client.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp({ env: { JWT_TTL_SECONDS: String(30 * 24 * 3600) } });

async function userIn(timezone: string) {
  const res = await client(env.t.app).post('/api/auth/signup', {
    email: `rr-${Math.random().toString(36).slice(2)}@example.com`,
    password: 'recurring pass',
    timezone,
  });
  return client(env.t.app, res.body.token);
}

describe('repeat rules as RRULEs', () => {
  it('takes an rrule and answers both forms; a structured rule keeps its meaning and says it as an rrule', async () => {
    env.t.clock.set('2026-01-01T09:00:00Z');
    const user = await userIn('Asia/Kolkata');
    const lastFriday = await user.post('/api/tasks', {
      title: 'Timesheet',
      due_at: '2026-01-30T17:00:00+05:30',
      recurrence: { rrule: 'rrule:freq=monthly;byday=-1fr' },
    });
    expect(lastFriday.status).toBe(201);
    expect(lastFriday.body.recurrence).toEqual({
      frequency: 'monthly',
      interval: 1,
      from: 'due',
      rrule: 'FREQ=MONTHLY;BYDAY=-1FR',
    });
    const rent = await user.post('/api/tasks', {
      title: 'Rent',
      due_at: '2026-01-31T09:00:00+05:30',
      recurrence: { frequency: 'monthly' },
    });
    expect(rent.body.recurrence).toEqual({
      frequency: 'monthly',
      interval: 1,
      from: 'due',
      rrule: 'FREQ=MONTHLY;RSCALE=GREGORIAN;SKIP=BACKWARD',
    });
    // What the API answered, sent back whole, is the same rule.
    const echoed = await user.patch(`/api/tasks/${lastFriday.body.id}`, {
      recurrence: lastFriday.body.recurrence,
    });
    expect(echoed.body.recurrence).toEqual(lastFriday.body.recurrence);

    env.t.clock.set('2026-01-30T12:00:00Z');
    await user.post(`/api/tasks/${lastFriday.body.id}/complete`);
    await user.post(`/api/tasks/${rent.body.id}/complete`);
    await env.t.settled();
    const open = (await user.get('/api/tasks?sort=due_at&order=asc')).body.items;
    expect(open.map((t: { title: string; due_at: string }) => [t.title, t.due_at])).toEqual([
      ['Timesheet', '2026-02-27T11:30:00.000Z'],
      ['Rent', '2026-02-28T03:30:00.000Z'],
    ]);
  });

  it('ends a series with its COUNT', async () => {
    env.t.clock.set('2026-02-01T09:00:00Z');
    const user = await userIn('Australia/Sydney');
    let task = (
      await user.post('/api/tasks', {
        title: 'Twice',
        due_at: '2026-02-02T09:00:00+11:00',
        recurrence: { rrule: 'FREQ=DAILY;COUNT=2' },
      })
    ).body;
    await user.post(`/api/tasks/${task.id}/complete`);
    await env.t.settled();
    [task] = (await user.get('/api/tasks')).body.items;
    expect(task.due_at).toBe('2026-02-02T22:00:00.000Z');
    await user.post(`/api/tasks/${task.id}/complete`);
    await env.t.settled();
    expect((await user.get('/api/tasks')).body.items).toEqual([]);
  });

  it('refuses a rule it cannot keep with a 400 naming the field, and changes nothing', async () => {
    const user = await userIn('Europe/Berlin');
    const bad = [
      [{ rrule: 'FREQ=HOURLY' }, 'recurrence.rrule', /FREQ must be one of/],
      [{ rrule: 'FREQ=DAILY;BYFOO=1' }, 'recurrence.rrule', /BYFOO is not supported/],
      [{ rrule: 'FREQ=DAILY;COUNT=2;UNTIL=20270101' }, 'recurrence.rrule', /COUNT and UNTIL/],
      [{ rrule: 'FREQ=WEEKLY;BYDAY=2MO' }, 'recurrence.rrule', /needs FREQ=MONTHLY or YEARLY/],
      [{ rrule: 'FREQ=MONTHLY;BYMONTHDAY=32' }, 'recurrence.rrule', /BYMONTHDAY takes/],
      [
        { rrule: 'FREQ=MONTHLY;BYDAY=-1FR', frequency: 'weekly' },
        'recurrence.frequency',
        /repeats monthly/,
      ],
      [
        { rrule: 'FREQ=MONTHLY;BYDAY=-1FR', from: 'completion' },
        'recurrence.from',
        /count from completion/,
      ],
      [{}, 'recurrence.frequency', /frequency or an rrule/],
    ] as const;
    for (const [recurrence, path, message] of bad) {
      const res = await user.post('/api/tasks', {
        title: 'Bad rule',
        due_at: '2026-03-02T09:00:00Z',
        recurrence,
      });
      expect(res.status, JSON.stringify(recurrence)).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.errors).toEqual(
        expect.arrayContaining([{ path, message: expect.stringMatching(message) }]),
      );
    }
    expect((await user.get('/api/tasks')).body.items).toEqual([]);
  });
});
