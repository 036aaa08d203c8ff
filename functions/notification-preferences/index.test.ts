import { describe, expect, it } from 'vitest';
import { client } from '../../test/support/client.js';
import { userIn } from '../../test/support/schedule.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();

describe('notification preferences', () => {
  it('start from the defaults and are replaced as a whole', async () => {
    const user = await userIn(env.t.app, 'Europe/Berlin');
    const defaults = (await user.get('/api/notification-preferences')).body;
    expect(defaults).toEqual({
      channels: {
        reminder: { in_app: true, push: true, email: true },
        invitation: { in_app: true, push: true, email: true },
        assigned: { in_app: true, push: true, email: false },
        agenda: { email: false },
      },
      quiet_hours: null,
      agenda_hour: 7,
    });
    const mine = {
      ...defaults,
      channels: {
        ...defaults.channels,
        assigned: { in_app: false, push: false, email: true },
        agenda: { email: true },
      },
      quiet_hours: { start: '22:30', end: '06:45' },
      agenda_hour: 6,
    };
    expect((await user.send('PUT', '/api/notification-preferences', mine)).body).toEqual(mine);
    expect((await user.get('/api/notification-preferences')).body).toEqual(mine);
    // Another user's are their own.
    expect((await (await userIn(env.t.app)).get('/api/notification-preferences')).body).toEqual(
      defaults,
    );
  });

  it('refuse what is not a preference with 400, changing nothing', async () => {
    const user = await userIn(env.t.app);
    const valid = (await user.get('/api/notification-preferences')).body;
    const bad = [
      { ...valid, quiet_hours: { start: '22:00', end: '22:00' } },
      { ...valid, quiet_hours: { start: '24:00', end: '07:00' } },
      { ...valid, agenda_hour: 24 },
      { ...valid, channels: { ...valid.channels, agenda: { email: true, push: true } } },
      { ...valid, channels: { ...valid.channels, reminder: { in_app: true, push: true } } },
      { channels: valid.channels },
    ];
    for (const body of bad) {
      const res = await user.send('PUT', '/api/notification-preferences', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    }
    expect((await user.get('/api/notification-preferences')).body).toEqual(valid);
    expect((await client(env.t.app).get('/api/notification-preferences')).status).toBe(401);
  });

  it('turned off in the app store the notification read, so it makes no badge', async () => {
    const user = await userIn(env.t.app);
    const prefs = (await user.get('/api/notification-preferences')).body;
    prefs.channels.reminder.in_app = false;
    await user.send('PUT', '/api/notification-preferences', prefs);
    await user.post('/api/tasks', { title: 'Silent', remind_at: '2026-03-01T09:00:00Z' });
    await client(env.t.app).post('/events/reminder-scheduler', undefined, {
      'ce-specversion': '1.0',
      'ce-id': 'p1',
      'ce-type': 'dev.knative.sources.ping',
      'ce-source': '/test',
    });
    await env.t.settled();
    expect((await user.get('/api/notifications?unread=true')).body).toEqual([]);
    expect((await user.get('/api/notifications')).body).toMatchObject([
      { title: 'Silent', read_at: '2026-03-01T09:00:00.000Z' },
    ]);
  });
});
