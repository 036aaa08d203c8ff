import { describe, expect, it } from 'vitest';
import type { StoredRecurrence as Recurrence } from '../schemas/recurrence.js';
import { nextDue } from './next-due.js';

interface Case {
  name: string;
  tz: string;
  rule: Partial<Recurrence> & Pick<Recurrence, 'frequency'>;
  anchor?: string;
  due: string;
  completed: string;
  next: string;
}

const cases: Case[] = [
  // Daylight-saving changes: the local time of day stays.
  {
    name: 'Berlin daily 09:00 into summer time',
    tz: 'Europe/Berlin',
    rule: { frequency: 'daily' },
    due: '2026-03-28T08:00:00Z',
    completed: '2026-03-28T10:00:00Z',
    next: '2026-03-29T07:00:00Z',
  },
  {
    name: 'Berlin daily 09:00 into winter time',
    tz: 'Europe/Berlin',
    rule: { frequency: 'daily' },
    due: '2026-10-24T07:00:00Z',
    completed: '2026-10-24T08:00:00Z',
    next: '2026-10-25T08:00:00Z',
  },
  {
    name: 'New York weekly 09:00 into daylight time',
    tz: 'America/New_York',
    rule: { frequency: 'weekly' },
    due: '2026-03-02T14:00:00Z',
    completed: '2026-03-02T15:00:00Z',
    next: '2026-03-09T13:00:00Z',
  },
  {
    name: 'New York weekly on Mondays into standard time',
    tz: 'America/New_York',
    rule: { frequency: 'weekly', weekdays: ['mo'] },
    due: '2026-10-26T13:00:00Z',
    completed: '2026-10-26T14:00:00Z',
    next: '2026-11-02T14:00:00Z',
  },
  {
    name: 'Sydney daily 09:00 as daylight time ends',
    tz: 'Australia/Sydney',
    rule: { frequency: 'daily' },
    due: '2026-04-03T22:00:00Z',
    completed: '2026-04-03T23:00:00Z',
    next: '2026-04-04T23:00:00Z',
  },
  {
    name: 'Sydney monthly 09:00 as daylight time begins',
    tz: 'Australia/Sydney',
    rule: { frequency: 'monthly' },
    due: '2026-09-04T23:00:00Z',
    completed: '2026-09-05T00:00:00Z',
    next: '2026-10-04T22:00:00Z',
  },
  {
    name: 'Berlin 02:30 on the night the clocks skip it: 03:30',
    tz: 'Europe/Berlin',
    rule: { frequency: 'daily' },
    due: '2026-03-28T01:30:00Z',
    completed: '2026-03-28T05:00:00Z',
    next: '2026-03-29T01:30:00Z',
  },
  // Month ends and leap years, counted from the series' first date.
  {
    name: 'Jan 31 monthly: Feb 28',
    tz: 'Europe/Berlin',
    rule: { frequency: 'monthly' },
    due: '2026-01-31T08:00:00Z',
    completed: '2026-01-31T09:00:00Z',
    next: '2026-02-28T08:00:00Z',
  },
  {
    name: 'Jan 31 monthly, after Feb 28: Mar 31 again',
    tz: 'Europe/Berlin',
    rule: { frequency: 'monthly' },
    anchor: '2026-01-31T08:00:00Z',
    due: '2026-02-28T08:00:00Z',
    completed: '2026-02-28T09:00:00Z',
    next: '2026-03-31T07:00:00Z',
  },
  {
    name: 'Jan 31 monthly in a leap year: Feb 29',
    tz: 'Europe/Berlin',
    rule: { frequency: 'monthly' },
    due: '2028-01-31T08:00:00Z',
    completed: '2028-01-31T09:00:00Z',
    next: '2028-02-29T08:00:00Z',
  },
  {
    name: 'Feb 29 yearly: Feb 28 in a common year',
    tz: 'UTC',
    rule: { frequency: 'yearly' },
    due: '2028-02-29T12:00:00Z',
    completed: '2028-02-29T13:00:00Z',
    next: '2029-02-28T12:00:00Z',
  },
  {
    name: 'Feb 29 yearly: Feb 29 again in the next leap year',
    tz: 'UTC',
    rule: { frequency: 'yearly' },
    anchor: '2028-02-29T12:00:00Z',
    due: '2031-02-28T12:00:00Z',
    completed: '2031-02-28T13:00:00Z',
    next: '2032-02-29T12:00:00Z',
  },
  {
    name: 'every 2 months from Dec 31',
    tz: 'UTC',
    rule: { frequency: 'monthly', interval: 2 },
    due: '2026-12-31T18:00:00Z',
    completed: '2026-12-31T19:00:00Z',
    next: '2027-02-28T18:00:00Z',
  },
  // Weekly on chosen days.
  {
    name: 'Mon/Wed/Fri: Monday to Wednesday',
    tz: 'UTC',
    rule: { frequency: 'weekly', weekdays: ['mo', 'we', 'fr'] },
    due: '2026-03-02T09:00:00Z',
    completed: '2026-03-02T10:00:00Z',
    next: '2026-03-04T09:00:00Z',
  },
  {
    name: 'Mon/Wed/Fri: Friday to Monday',
    tz: 'UTC',
    rule: { frequency: 'weekly', weekdays: ['mo', 'we', 'fr'] },
    anchor: '2026-03-02T09:00:00Z',
    due: '2026-03-06T09:00:00Z',
    completed: '2026-03-06T10:00:00Z',
    next: '2026-03-09T09:00:00Z',
  },
  {
    name: 'every 2 weeks Tue/Thu: Thursday to Tuesday two weeks on',
    tz: 'UTC',
    rule: { frequency: 'weekly', interval: 2, weekdays: ['tu', 'th'] },
    anchor: '2026-03-03T09:00:00Z',
    due: '2026-03-05T09:00:00Z',
    completed: '2026-03-05T10:00:00Z',
    next: '2026-03-17T09:00:00Z',
  },
  {
    name: 'Sunday-only in Sydney, local Sunday is UTC Saturday',
    tz: 'Australia/Sydney',
    rule: { frequency: 'weekly', weekdays: ['su'] },
    due: '2026-03-07T22:00:00Z',
    completed: '2026-03-07T23:00:00Z',
    next: '2026-03-14T22:00:00Z',
  },
  // From the due date: past occurrences are skipped, an early completion waits for the due date.
  {
    name: 'overdue daily: the next one after today, not a backlog',
    tz: 'UTC',
    rule: { frequency: 'daily' },
    due: '2026-03-01T09:00:00Z',
    completed: '2026-03-10T12:00:00Z',
    next: '2026-03-11T09:00:00Z',
  },
  {
    name: 'overdue daily, completed before its time of day',
    tz: 'UTC',
    rule: { frequency: 'daily' },
    due: '2026-03-01T09:00:00Z',
    completed: '2026-03-10T08:00:00Z',
    next: '2026-03-10T09:00:00Z',
  },
  {
    name: 'completed early: the one after its due date',
    tz: 'UTC',
    rule: { frequency: 'daily' },
    due: '2026-03-05T09:00:00Z',
    completed: '2026-03-04T12:00:00Z',
    next: '2026-03-06T09:00:00Z',
  },
  {
    name: 'overdue weekly Mon/Thu',
    tz: 'UTC',
    rule: { frequency: 'weekly', weekdays: ['mo', 'th'] },
    due: '2026-03-02T09:00:00Z',
    completed: '2026-03-20T12:00:00Z',
    next: '2026-03-23T09:00:00Z',
  },
  {
    name: 'overdue monthly from Jan 31, completed in April',
    tz: 'UTC',
    rule: { frequency: 'monthly' },
    due: '2026-01-31T09:00:00Z',
    completed: '2026-04-02T12:00:00Z',
    next: '2026-04-30T09:00:00Z',
  },
  // From the completion.
  {
    name: 'every 3 days from completion, at the series time',
    tz: 'Europe/Berlin',
    rule: { frequency: 'daily', interval: 3, from: 'completion' },
    due: '2026-03-01T08:00:00Z',
    completed: '2026-03-05T15:00:00Z',
    next: '2026-03-08T08:00:00Z',
  },
  {
    name: 'every 3 days from completion, across the DST change',
    tz: 'Europe/Berlin',
    rule: { frequency: 'daily', interval: 3, from: 'completion' },
    due: '2026-03-20T08:00:00Z',
    completed: '2026-03-27T10:00:00Z',
    next: '2026-03-30T07:00:00Z',
  },
  {
    name: 'monthly from completion on Jan 31',
    tz: 'UTC',
    rule: { frequency: 'monthly', from: 'completion' },
    due: '2026-01-20T09:00:00Z',
    completed: '2026-01-31T10:00:00Z',
    next: '2026-02-28T09:00:00Z',
  },
  {
    name: 'weekly Mon/Fri from completion on a Tuesday',
    tz: 'UTC',
    rule: { frequency: 'weekly', weekdays: ['mo', 'fr'], from: 'completion' },
    due: '2026-03-02T09:00:00Z',
    completed: '2026-03-10T10:00:00Z',
    next: '2026-03-13T09:00:00Z',
  },
  {
    name: 'completion late at night is that local day, not the UTC one',
    tz: 'America/New_York',
    rule: { frequency: 'daily', from: 'completion' },
    due: '2026-03-02T14:00:00Z',
    completed: '2026-03-04T03:30:00Z',
    next: '2026-03-04T14:00:00Z',
  },
];

describe('the next due date of a recurring task', () => {
  it.each(cases)('$name', async (c) => {
    const rule: Recurrence = { interval: 1, from: 'due', ...c.rule };
    const next = await nextDue({
      rule,
      anchor: new Date(c.anchor ?? c.due),
      due: new Date(c.due),
      completedAt: new Date(c.completed),
      timeZone: c.tz,
    });
    expect(next?.toISOString()).toBe(new Date(c.next).toISOString());
  });

  it('walks a Jan 31 monthly series through a year without drifting', async () => {
    const rule: Recurrence = { frequency: 'monthly', interval: 1, from: 'due' };
    const anchor = new Date('2026-01-31T08:00:00Z');
    let due = anchor;
    const days: number[] = [];
    for (let i = 0; i < 12; i++) {
      due = (await nextDue({ rule, anchor, due, completedAt: due, timeZone: 'Europe/Berlin' }))!;
      days.push(
        Number(
          new Intl.DateTimeFormat('en', { day: 'numeric', timeZone: 'Europe/Berlin' }).format(due),
        ),
      );
    }
    expect(days).toEqual([28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 31]);
  });
});
