import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { client, signedInClient } from '../../test/support/client.js';
import { addMemberDirectly, newProject } from '../../test/support/projects.js';
import { useTestApp } from '../../test/support/test-app.js';
import { Occurrences } from '../_shared/recurrence/occurrences.js';
import { parseRRule } from '../_shared/recurrence/rrule-text.js';

const env = useTestApp({ env: { JWT_TTL_SECONDS: String(30 * 24 * 3600) } });

async function userIn(timezone: string) {
  const res = await client(env.t.app).post('/api/auth/signup', {
    email: `cal-${Math.random().toString(36).slice(2)}@example.com`,
    password: 'calendar pass',
    timezone,
  });
  return client(env.t.app, res.body.token);
}

/** The feed as ical.js (an independent iCalendar implementation) reads it, its VTIMEZONE registered. */
function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const tz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  return calendar.getAllSubcomponents('vtodo');
}
const uidOf = (todo: ICAL.Component) =>
  String(todo.getFirstPropertyValue('uid')).replace('@ripple', '');
const instantOf = (t: unknown) => (t as ICAL.Time).toJSDate().toISOString();

describe('the calendar feed', () => {
  it('serves the tasks with due dates as VTODOs that ical.js reads back: due dates, rules, reminders, in the user’s zone', async () => {
    env.t.clock.set('2026-03-20T00:00:00Z');
    // Adelaide: a half-hour offset, in the southern hemisphere (daylight time ends on Apr 5, 2026).
    const user = await userIn('Australia/Adelaide');
    const stranger = await userIn('Australia/Adelaide');
    const timesheet = (
      await user.post('/api/tasks', {
        title:
          'Timesheet; hours, and notes — a long title that needs folding past seventy-five octets ✓✓✓',
        description: 'Line one\nLine two, with a comma; and a semicolon \\ backslash',
        tags: ['Work', 'Admin'],
        priority: 'high',
        due_at: '2026-03-27T17:00:00+10:30',
        remind_at: '2026-03-27T16:30:00+10:30',
        recurrence: { rrule: 'FREQ=MONTHLY;BYDAY=-1FR' },
      })
    ).body;
    const standup = (
      await user.post('/api/tasks', {
        title: 'Standup',
        due_at: '2026-03-30T09:00:00+10:30',
        recurrence: { frequency: 'weekly', weekdays: ['mo', 'we', 'fr'] },
      })
    ).body;
    const twice = (
      await user.post('/api/tasks', {
        title: 'Twice more',
        due_at: '2026-03-21T08:00:00+10:30',
        recurrence: { rrule: 'FREQ=DAILY;COUNT=3' },
      })
    ).body;
    const done = (
      await user.post('/api/tasks', { title: 'Filed', due_at: '2026-03-19T09:00:00+10:30' })
    ).body;
    await user.post(`/api/tasks/${done.id}/complete`);
    await user.post('/api/tasks', { title: 'No date' });
    const gone = (
      await user.post('/api/tasks', { title: 'Deleted', due_at: '2026-03-25T09:00:00+10:30' })
    ).body;
    await user.delete(`/api/tasks/${gone.id}`);
    await stranger.post('/api/tasks', { title: 'Not yours', due_at: '2026-03-25T09:00:00+10:30' });
    await env.t.settled();

    const made = await user.post('/api/calendar/feed');
    expect(made.status).toBe(201);
    expect(made.body.url).toMatch(/^\/api\/calendar\/feeds\/[A-Za-z0-9_-]{43}\.ics$/);
    const feed = await client(env.t.app).get(made.body.url);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = feed.body as string;
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);

    const todos = parse(text);
    expect(todos.map(uidOf).sort()).toEqual([timesheet.id, standup.id, twice.id, done.id].sort());
    const byId = new Map(todos.map((t) => [uidOf(t), t]));
    const ts = byId.get(timesheet.id)!;
    expect(ts.getFirstPropertyValue('summary')).toBe(timesheet.title);
    expect(ts.getFirstPropertyValue('description')).toBe(
      'Line one\nLine two, with a comma; and a semicolon \\ backslash',
    );
    expect(ts.getFirstProperty('categories')!.getValues().sort()).toEqual(['Admin', 'Work']);
    expect(ts.getFirstPropertyValue('priority')).toBe(3);
    for (const task of [timesheet, standup, twice, done])
      expect(instantOf(byId.get(task.id)!.getFirstPropertyValue('due'))).toBe(task.due_at);
    const alarm = ts.getFirstSubcomponent('valarm')!;
    expect(alarm.getFirstPropertyValue('action')).toBe('DISPLAY');
    expect(String(alarm.getFirstPropertyValue('trigger'))).toBe('-PT30M');
    expect(alarm.getFirstProperty('trigger')!.getParameter('related')).toBe('END');
    expect(byId.get(done.id)!.getFirstPropertyValue('status')).toBe('COMPLETED');
    expect(byId.get(done.id)!.getFirstPropertyValue('rrule')).toBeNull();

    // Each rule's occurrences as ical.js expands them, across the end of daylight time, are ours.
    for (const task of [timesheet, standup, twice]) {
      const todo = byId.get(task.id)!;
      const expansion = new ICAL.RecurExpansion({
        component: todo,
        dtstart: todo.getFirstPropertyValue('dtstart') as ICAL.Time,
      });
      const theirs: string[] = [];
      for (let next = expansion.next(); next && theirs.length < 12; next = expansion.next())
        theirs.push(instantOf(next));
      const ours = (
        await Occurrences.of({
          rule: parseRRule(task.recurrence.rrule),
          start: new Date(task.due_at),
          timeZone: 'Australia/Adelaide',
        })
      ).between(new Date(task.due_at), new Date('2030-01-01T00:00:00Z'), 12);
      expect(theirs, task.title).toEqual(ours.map((d) => d.toISOString()));
    }
    expect(expansionLength(byId.get(twice.id)!)).toBe(3);
  });

  it('answers 304 to a client that has the current version, and a new ETag after a change', async () => {
    env.t.clock.set('2026-04-01T00:00:00Z');
    const user = await userIn('Asia/Kolkata');
    const task = (
      await user.post('/api/tasks', { title: 'Poll me', due_at: '2026-04-02T09:00:00+05:30' })
    ).body;
    const { url } = (await user.post('/api/calendar/feed')).body;
    const first = await client(env.t.app).get(url);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const again = await client(env.t.app).get(url, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    await user.patch(`/api/tasks/${task.id}`, { title: 'Poll me again' });
    const changed = await client(env.t.app).get(url, { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('shows the tasks of every project the user may read (the access rule), and no others', async () => {
    env.t.clock.set('2026-05-01T00:00:00Z');
    const [owner, member] = [await signedInClient(env.t.app), await signedInClient(env.t.app)];
    const shared = (await newProject(owner, 'Shared')).id;
    const secret = (await newProject(owner, 'Secret')).id;
    await addMemberDirectly(env.db, shared, member, 'viewer');
    const inShared = (
      await owner.post('/api/tasks', {
        title: 'Shared chore',
        project_id: shared,
        due_at: '2026-05-02T09:00:00+02:00',
      })
    ).body;
    await owner.post('/api/tasks', {
      title: 'Owner only',
      project_id: secret,
      due_at: '2026-05-02T09:00:00+02:00',
    });
    const own = (
      await member.post('/api/tasks', {
        title: 'Member’s own',
        due_at: '2026-05-03T09:00:00+02:00',
      })
    ).body;
    const { url } = (await member.post('/api/calendar/feed')).body;
    const todos = parse((await client(env.t.app).get(url)).body as string);
    expect(todos.map(uidOf).sort()).toEqual([inShared.id, own.id].sort());
  });

  it('is revocable and regenerable: a replaced or revoked URL answers 404', async () => {
    const user = await userIn('Europe/Berlin');
    expect((await user.get('/api/calendar/feed')).body).toEqual({
      active: false,
      created_at: null,
    });
    expect((await user.delete('/api/calendar/feed')).status).toBe(404);
    const old = (await user.post('/api/calendar/feed')).body.url;
    const renewed = (await user.post('/api/calendar/feed')).body.url;
    expect(renewed).not.toBe(old);
    expect((await client(env.t.app).get(old)).status).toBe(404);
    expect((await client(env.t.app).get(renewed)).status).toBe(200);
    expect((await user.get('/api/calendar/feed')).body.active).toBe(true);
    expect((await user.delete('/api/calendar/feed')).status).toBe(204);
    expect((await client(env.t.app).get(renewed)).status).toBe(404);
    expect((await client(env.t.app).get('/api/calendar/feeds/made-up.ics')).status).toBe(404);
    expect((await client(env.t.app).post('/api/calendar/feed')).status).toBe(401);
  });
});

function expansionLength(todo: ICAL.Component): number {
  const expansion = new ICAL.RecurExpansion({
    component: todo,
    dtstart: todo.getFirstPropertyValue('dtstart') as ICAL.Time,
  });
  let n = 0;
  while (expansion.next() && n < 100) n++;
  return n;
}
