import { expect, it } from 'vitest';
import { calendarDay, dateFormat, relativeTime } from './time.js';

it('counts other days in calendar days of the time zone, not 24-hour blocks', () => {
  // 30 Nov 2026, 10:00 in Berlin (09:00 UTC).
  const now = Date.parse('2026-11-30T09:00:00Z');
  // 29 Nov at 23:00 and at 08:00 in Berlin: both yesterday there, 10 h and 25 h ago.
  expect(relativeTime('2026-11-29T22:00:00Z', now, 'Europe/Berlin')).toBe('yesterday');
  expect(relativeTime('2026-11-29T07:00:00Z', now, 'Europe/Berlin')).toBe('yesterday');
  expect(relativeTime('2026-11-28T22:30:00Z', now, 'Europe/Berlin')).toBe('2 days ago');
  // 1 Dec at 00:30 in Berlin is tomorrow, though only 14.5 hours away.
  expect(relativeTime('2026-11-30T23:30:00Z', now, 'Europe/Berlin')).toBe('tomorrow');
  // 04:30 UTC is early today in Berlin, late yesterday in New York (04:00 there now).
  expect(relativeTime('2026-11-30T04:30:00Z', now, 'Europe/Berlin')).toBe('4 hours ago');
  expect(relativeTime('2026-11-30T04:30:00Z', now, 'America/New_York')).toBe('yesterday');
  expect(relativeTime('2026-12-02T16:00:00Z', now, 'Europe/Berlin')).toBe('in 2 days');
  expect(relativeTime('2026-12-14T16:00:00Z', now, 'Europe/Berlin')).toBe('in 2 weeks');
  // The same day: hours and minutes.
  expect(relativeTime('2026-11-30T12:00:00Z', now, 'Europe/Berlin')).toBe('in 3 hours');
  expect(relativeTime('2026-11-30T09:00:20Z', now, 'Europe/Berlin')).toBe('this minute');
});

it('makes a date format once per locale and options, and keeps each zone its own', () => {
  const utc = dateFormat('en-CA', {
    timeZone: 'UTC',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  expect(
    dateFormat('en-CA', { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }),
  ).toBe(utc);
  const tokyo = dateFormat('en-CA', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  expect(tokyo).not.toBe(utc);
  const at = Date.UTC(2026, 2, 1, 20, 0);
  expect([utc.format(at), tokyo.format(at)]).toEqual(['2026-03-01', '2026-03-02']);
  expect(calendarDay(at, 'Asia/Tokyo') - calendarDay(at, 'UTC')).toBe(1);
});
