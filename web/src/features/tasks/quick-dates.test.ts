import { expect, it } from 'vitest';
import { quickDue, remindBefore } from './quick-dates.js';

it('sets today, tomorrow or next Monday, keeping the time set, else the end of the day', () => {
  const wednesday = new Date(2026, 2, 4, 15, 30); // Wed 4 March 2026, local time
  expect(quickDue('Today', '', wednesday)).toBe('2026-03-04T23:59');
  expect(quickDue('Tomorrow', '2026-01-01T08:15', wednesday)).toBe('2026-03-05T08:15');
  expect(quickDue('Next week', '', wednesday)).toBe('2026-03-09T23:59');
  // On a Monday, next week is the Monday after.
  expect(quickDue('Next week', '', new Date(2026, 2, 9, 10))).toBe('2026-03-16T23:59');
  expect(quickDue('Tomorrow', '', new Date(2026, 1, 28, 10))).toBe('2026-03-01T23:59');
  expect(quickDue('No date', '2026-03-04T10:00', wednesday)).toBe('');
});

it('puts a reminder before the due date, across midnight, and none without a due date', () => {
  expect(remindBefore('2026-03-04T10:00', 0)).toBe('2026-03-04T10:00');
  expect(remindBefore('2026-03-04T10:00', 10)).toBe('2026-03-04T09:50');
  expect(remindBefore('2026-03-04T00:30', 60)).toBe('2026-03-03T23:30');
  expect(remindBefore('2026-03-01T09:00', 1440)).toBe('2026-02-28T09:00');
  expect(remindBefore('', 10)).toBe('');
});
