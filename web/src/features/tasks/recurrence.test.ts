import { expect, it } from 'vitest';
import { describeRecurrence } from './recurrence.js';

it('says how a task repeats in words', () => {
  expect(describeRecurrence({ frequency: 'daily', interval: 1, from: 'due' })).toBe('Every day');
  expect(
    describeRecurrence({ frequency: 'weekly', interval: 2, weekdays: ['th', 'mo'], from: 'due' }),
  ).toBe('Every 2 weeks on Mon, Thu');
  expect(describeRecurrence({ frequency: 'monthly', interval: 3, from: 'completion' })).toBe(
    'Every 3 months (from completion)',
  );
});
