import { describe, expect, it } from 'vitest';
import { client } from '../../test/support/client.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();

async function userIn(timezone: string) {
  const res = await client(env.t.app).post('/api/auth/signup', {
    email: `pv-${Math.random().toString(36).slice(2)}@example.com`,
    password: 'preview pass',
    timezone,
  });
  return client(env.t.app, res.body.token);
}

describe('GET /api/recurrence/preview', () => {
  it('answers the next occurrences of an rrule in the user’s zone, local times with their offsets', async () => {
    env.t.clock.set('2026-03-20T00:00:00Z');
    const user = await userIn('Australia/Adelaide');
    const res = await user.get(
      `/api/recurrence/preview?rrule=${encodeURIComponent('FREQ=MONTHLY;BYDAY=-1FR')}&start=2026-03-27T09:00:00%2B10:30&count=3`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      recurrence: {
        frequency: 'monthly',
        interval: 1,
        from: 'due',
        rrule: 'FREQ=MONTHLY;BYDAY=-1FR',
      },
      time_zone: 'Australia/Adelaide',
      // Daylight time ends on Apr 5: 09:00 stays 09:00, at +09:30.
      occurrences: [
        { at: '2026-03-26T22:30:00.000Z', local: '2026-03-27T09:00:00+10:30' },
        { at: '2026-04-23T23:30:00.000Z', local: '2026-04-24T09:00:00+09:30' },
        { at: '2026-05-28T23:30:00.000Z', local: '2026-05-29T09:00:00+09:30' },
      ],
    });
  });

  it('takes the structured form too, and starts now by default', async () => {
    env.t.clock.set('2026-01-31T08:00:00Z');
    const user = await userIn('UTC');
    const res = await user.get('/api/recurrence/preview?frequency=monthly&count=3');
    expect(res.body.recurrence.rrule).toBe('FREQ=MONTHLY;RSCALE=GREGORIAN;SKIP=BACKWARD');
    expect(res.body.occurrences.map((o: { local: string }) => o.local)).toEqual([
      '2026-01-31T08:00:00+00:00',
      '2026-02-28T08:00:00+00:00',
      '2026-03-31T08:00:00+00:00',
    ]);
  });

  it('refuses a bad rule or count with a 400, and a stranger with a 401', async () => {
    const user = await userIn('Europe/Berlin');
    expect((await user.get('/api/recurrence/preview?rrule=FREQ%3DSECONDLY')).status).toBe(400);
    expect((await user.get('/api/recurrence/preview?frequency=daily&count=51')).status).toBe(400);
    expect((await user.get('/api/recurrence/preview')).status).toBe(400);
    expect((await client(env.t.app).get('/api/recurrence/preview?frequency=daily')).status).toBe(
      401,
    );
  });
});
