import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setPreferences } from '../../test/support/channels.js';
import { tick, userIn } from '../../test/support/schedule.js';
import { startSmtp, type TestSmtp } from '../../test/support/smtp.js';
import { useTestApp } from '../../test/support/test-app.js';
import { runAgendaScheduler } from '../_shared/channels/agenda.js';

let smtp: TestSmtp;
const appEnv: Record<string, string> = {
  PUBLIC_URL: 'https://ripple.example',
  JWT_TTL_SECONDS: String(30 * 24 * 3600),
};
beforeAll(async () => {
  smtp = await startSmtp();
  appEnv.SMTP_URL = smtp.url;
});
afterAll(() => smtp?.close());
const env = useTestApp({ env: appEnv });
const at = (time: string) => env.t.clock.set(time);
const subjectsTo = (email: string) =>
  smtp.received
    .filter((m) => !Array.isArray(m.to) && m.to?.value[0]?.address === email)
    .map((m) => m.subject);

describe('agenda-scheduler', () => {
  it('mails the agenda at 07:00 local time on both sides of a DST change, once a day', async () => {
    at('2026-03-27T12:00:00Z');
    const user = await userIn(env.t.app, 'Europe/Berlin');
    const bystander = await userIn(env.t.app, 'Europe/Berlin');
    await user.post('/api/tasks', { title: 'Saturday <errand>', due_at: '2026-03-28T15:00:00Z' });
    await user.post('/api/tasks', { title: 'Sunday call', due_at: '2026-03-29T10:00:00Z' });
    await bystander.post('/api/tasks', { title: 'Not asked for', due_at: '2026-03-28T15:00:00Z' });
    await setPreferences(user, (p) => {
      p.channels.agenda.email = true;
      p.agenda_hour = 7;
    });

    // Saturday, CET (UTC+1): 07:00 is 06:00Z.
    at('2026-03-28T05:59:00Z');
    expect(await tick(env.t, 'agenda-scheduler')).toMatchObject({
      agendas: 0,
      next_at: '2026-03-28T06:00:00.000Z',
    });
    at('2026-03-28T06:00:00Z');
    expect(await tick(env.t, 'agenda-scheduler')).toMatchObject({ agendas: 1 });
    at('2026-03-28T06:30:00Z');
    expect(await tick(env.t, 'agenda-scheduler')).toMatchObject({ agendas: 0 });
    const [saturday] = smtp.received.filter((m) => m.subject === 'Your agenda for 2026-03-28');
    expect(saturday!.text).toContain('- Saturday <errand> (due 28 Mar 2026, 16:00)');
    expect(saturday!.text).not.toContain('Sunday call');
    expect(saturday!.html).toContain('Saturday &lt;errand&gt;');

    // Sunday, clocks went forward at 01:00Z (CEST, UTC+2): 07:00 is 05:00Z.
    at('2026-03-29T04:59:00Z');
    expect(await tick(env.t, 'agenda-scheduler')).toMatchObject({ agendas: 0 });
    at('2026-03-29T05:00:00Z');
    expect(await tick(env.t, 'agenda-scheduler')).toMatchObject({ agendas: 1 });
    at('2026-03-29T06:00:00Z');
    expect(await tick(env.t, 'agenda-scheduler')).toMatchObject({ agendas: 0 });
    expect(subjectsTo(user.email)).toEqual([
      'Your agenda for 2026-03-28',
      'Your agenda for 2026-03-29',
    ]);
    const sunday = smtp.received.find((m) => m.subject === 'Your agenda for 2026-03-29');
    // The overdue Saturday task is still open, and listed first.
    expect(sunday!.text).toMatch(
      /- Saturday <errand>[^\n]*\n- Sunday call \(due 29 Mar 2026, 12:00\)/,
    );
    expect(subjectsTo(bystander.email)).toEqual([]);
  });

  it('sends one agenda a day when two schedulers run at the same moment', async () => {
    at('2026-04-01T12:00:00Z');
    const user = await userIn(env.t.app, 'America/New_York');
    await user.post('/api/tasks', { title: 'Taxes', due_at: '2026-04-02T20:00:00Z' });
    await setPreferences(user, (p) => {
      p.channels.agenda.email = true;
      p.agenda_hour = 8;
    });
    // 08:00 EDT is 12:00Z.
    at('2026-04-02T12:00:00Z');
    const runs = await Promise.all([
      runAgendaScheduler(env.t.deps),
      runAgendaScheduler(env.t.deps),
      runAgendaScheduler(env.t.deps),
    ]);
    expect(runs.map((r) => r.agendas).sort()).toEqual([0, 0, 1]);
    await env.t.settled();
    expect(subjectsTo(user.email)).toEqual(['Your agenda for 2026-04-02']);
  });
});
