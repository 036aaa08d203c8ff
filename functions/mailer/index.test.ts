import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binaryEvent } from '../../test/support/events.js';
import { client } from '../../test/support/client.js';
import { remind, setPreferences } from '../../test/support/channels.js';
import { tick, userIn } from '../../test/support/schedule.js';
import { startSmtp, type TestSmtp } from '../../test/support/smtp.js';
import { useTestApp } from '../../test/support/test-app.js';
import { deliveriesOf } from '../_shared/db/deliveries.js';
import { NOTIFICATION_CREATED_TYPE, REMINDER_SOURCE } from '../_shared/events/catalog.js';

// The SMTP server starts first: its URL goes into the app's configuration.
let smtp: TestSmtp;
const appEnv: Record<string, string> = {
  PUBLIC_URL: 'https://ripple.example',
  MAIL_FROM: 'Ripple <ripple@ripple.example>',
  JWT_TTL_SECONDS: String(30 * 24 * 3600),
};
beforeAll(async () => {
  smtp = await startSmtp();
  appEnv.SMTP_URL = smtp.url;
});
afterAll(() => smtp?.close());
const env = useTestApp({ env: appEnv });
const mailsTo = (email: string) =>
  smtp.received.filter((m) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address === email);

describe('mailer', () => {
  it('mails a reminder: both bodies, escaped, its headers, and the one-click unsubscribe turns reminders off', async () => {
    const user = await userIn(env.t.app);
    const task = await remind(env.t, user, 'Pay <b>rent</b> & "bills"', '2026-03-01T09:10:00Z');
    const [mail, ...more] = mailsTo(user.email);
    expect(more).toEqual([]);
    expect(mail!.subject).toBe('Reminder: Pay <b>rent</b> & "bills"');
    expect(mail!.from!.value).toEqual([{ name: 'Ripple', address: 'ripple@ripple.example' }]);
    expect(mail!.text).toContain('It is time for “Pay <b>rent</b> & "bills"”.');
    expect(mail!.text).toContain(`Open: https://ripple.example/#/?task=${task.id}`);
    expect(mail!.html).toContain(
      'It is time for “Pay &lt;b&gt;rent&lt;/b&gt; &amp; &quot;bills&quot;”.',
    );
    expect(mail!.html).not.toMatch(/<img|<b>rent/);
    const [delivery] = await deliveriesOf(env.t.deps.db, 'email', user.user.id);
    expect(mail!.messageId).toBe(`<${delivery!.id}@ripple.example>`);
    expect(mail!.headers.get('auto-submitted')).toBe('auto-generated');
    // As written on the wire (mailparser folds List-* headers into one object).
    const raw = (name: string) =>
      mail!.headerLines
        .find((h) => h.key === name)
        ?.line.replace(/^[^:]+:\s*/, '')
        .replace(/\r?\n\s+/g, '');
    expect(raw('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const link = /^<(.+)>$/.exec(raw('list-unsubscribe') ?? '')![1]!;
    expect(link).toMatch(/^https:\/\/ripple\.example\/api\/unsubscribe\?token=/);
    expect(mail!.text).toContain(link);

    // The mail client's one-click POST (RFC 8058), with no sign-in.
    const path = link.slice('https://ripple.example'.length);
    const done = await client(env.t.app).post(path, 'List-Unsubscribe=One-Click', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(done.status).toBe(200);
    const prefs = (await user.get('/api/notification-preferences')).body;
    expect(prefs.channels.reminder).toEqual({ in_app: true, push: true, email: false });
    expect(prefs.channels.invitation.email).toBe(true);
    await remind(env.t, user, 'Not by mail', '2026-03-01T09:20:00Z');
    expect(mailsTo(user.email)).toHaveLength(1);
    expect((await user.get('/api/notifications')).body).toHaveLength(2);
  });

  it('mails an invitation from its inviter, and sends nothing twice when the event comes again', async () => {
    const owner = await userIn(env.t.app);
    const invitee = await userIn(env.t.app);
    const project = (await owner.post('/api/projects', { name: 'Garden' })).body;
    expect(
      (
        await owner.post(`/api/projects/${project.id}/members`, {
          email: invitee.email,
          role: 'editor',
        })
      ).status,
    ).toBe(201);
    await env.t.settled();
    const [mail] = mailsTo(invitee.email);
    expect(mail!.subject).toBe(`${owner.email} shared “Garden” with you`);
    expect(mail!.text).toContain(`https://ripple.example/#/?project=${project.id}`);

    // KafkaSource redelivers (same event id), and a second event tells the same notification (a new id).
    const [notification] = (await invitee.get('/api/notifications')).body;
    const event = (id: string) =>
      binaryEvent({
        specversion: '1.0',
        id,
        type: NOTIFICATION_CREATED_TYPE,
        source: REMINDER_SOURCE,
        time: new Date().toISOString(),
        userid: invitee.user.id,
        data: notification,
      });
    for (const id of [
      '00000000-0000-4000-8000-000000000001',
      '00000000-0000-4000-8000-000000000001',
      '00000000-0000-4000-8000-000000000002',
    ]) {
      const { headers, body } = event(id);
      expect((await client(env.t.app).post('/events/mailer', body, headers)).status).toBe(200);
    }
    expect(mailsTo(invitee.email)).toHaveLength(1);
  });

  it('holds mail in quiet hours and sends it once when they end, in the user’s time zone', async () => {
    const user = await userIn(env.t.app, 'Europe/Berlin');
    await setPreferences(user, (p) => (p.quiet_hours = { start: '22:00', end: '07:00' }));
    // 23:30 in Berlin (UTC+1 in March before the change).
    await remind(env.t, user, 'Late thought', '2026-03-02T22:30:00Z');
    expect(mailsTo(user.email)).toEqual([]);
    expect(await deliveriesOf(env.t.deps.db, 'email', user.user.id)).toMatchObject([
      { status: 'held', reason: 'quiet hours', next_attempt_at: new Date('2026-03-03T06:00:00Z') },
    ]);
    env.t.clock.set('2026-03-03T05:59:59Z');
    await tick(env.t, 'agenda-scheduler');
    expect(mailsTo(user.email)).toEqual([]);
    env.t.clock.set('2026-03-03T06:00:00Z');
    await tick(env.t, 'agenda-scheduler');
    await tick(env.t, 'agenda-scheduler');
    expect(mailsTo(user.email).map((m) => m.subject)).toEqual(['Reminder: Late thought']);
  });

  it('retries a server that refuses (451) after a backoff, and gives up on a final refusal (550) with the reason', async () => {
    const user = await userIn(env.t.app);
    smtp.refuse(1, 451);
    await remind(env.t, user, 'Outage', '2026-03-04T09:00:00Z');
    expect(mailsTo(user.email)).toEqual([]);
    const [waiting] = await deliveriesOf(env.t.deps.db, 'email', user.user.id);
    expect(waiting).toMatchObject({
      status: 'pending',
      attempts: 1,
      next_attempt_at: new Date('2026-03-04T09:00:30Z'),
    });
    expect(waiting!.reason).toMatch(/451/);
    env.t.clock.set('2026-03-04T09:00:29Z');
    await tick(env.t, 'agenda-scheduler');
    expect(mailsTo(user.email)).toEqual([]);
    env.t.clock.set('2026-03-04T09:00:30Z');
    await tick(env.t, 'agenda-scheduler');
    await tick(env.t, 'agenda-scheduler');
    expect(mailsTo(user.email).map((m) => m.subject)).toEqual(['Reminder: Outage']);
    expect((await deliveriesOf(env.t.deps.db, 'email', user.user.id))[0]).toMatchObject({
      status: 'sent',
      attempts: 2,
    });

    smtp.refuse(1, 550);
    await remind(env.t, user, 'Never', '2026-03-04T10:00:00Z');
    expect((await deliveriesOf(env.t.deps.db, 'email', user.user.id))[1]).toMatchObject({
      status: 'dead',
      attempts: 1,
      reason: expect.stringMatching(/550/),
    });
    expect(mailsTo(user.email)).toHaveLength(1);
  });
});
