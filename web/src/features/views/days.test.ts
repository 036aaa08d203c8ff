import { describe, expect, it } from 'vitest';
import type { TaskView } from '../../lib/types.js';
import { dayStart, endOfDay, groupByDay, viewEnd } from './days.js';

const task = (title: string, due_at: string | null) => ({ id: title, title, due_at }) as TaskView;
const day = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);

describe('days in a time zone', () => {
  it('finds the instant a day starts, on either side of UTC and across a change of clocks', () => {
    expect(new Date(dayStart(day('2026-03-01'), 'Pacific/Auckland')).toISOString()).toBe(
      '2026-02-28T11:00:00.000Z',
    );
    expect(new Date(dayStart(day('2026-03-01'), 'America/New_York')).toISOString()).toBe(
      '2026-03-01T05:00:00.000Z',
    );
    // Berlin moves to summer time on 29 March 2026: that day starts at UTC+1, the next at UTC+2.
    expect(new Date(dayStart(day('2026-03-29'), 'Europe/Berlin')).toISOString()).toBe(
      '2026-03-28T23:00:00.000Z',
    );
    expect(new Date(dayStart(day('2026-03-30'), 'Europe/Berlin')).toISOString()).toBe(
      '2026-03-29T22:00:00.000Z',
    );
  });

  it('ends Today and the 14 days of Upcoming where the server counts them', () => {
    const now = Date.parse('2026-03-01T09:00:00Z');
    expect(viewEnd(now, 1, 'Pacific/Auckland')).toBe('2026-03-01T10:59:59.999Z');
    expect(viewEnd(now, 14, 'Pacific/Auckland')).toBe('2026-03-14T10:59:59.999Z');
    expect(viewEnd(now, 1, 'UTC')).toBe('2026-03-01T23:59:59.999Z');
    expect(endOfDay(day('2026-03-02'), 'Europe/Berlin')).toBe('2026-03-02T22:59:00.000Z');
  });
});

describe('groupByDay', () => {
  const now = Date.parse('2026-03-01T22:30:00Z'); // 23:30 in Berlin, 1 March
  it('puts overdue first, then each day in order, named Today and Tomorrow, keeping order within a day', () => {
    const groups = groupByDay(
      [
        task('yesterday late', '2026-02-28T22:59:00Z'),
        task('today early', '2026-03-01T06:00:00Z'),
        task('today, already past', '2026-03-01T21:00:00Z'),
        task('tomorrow in Berlin, today in UTC', '2026-03-01T23:30:00Z'),
        task('next week', '2026-03-08T12:00:00Z'),
        task('no date', null),
        task('last month', '2026-02-01T12:00:00Z'),
      ],
      now,
      'Europe/Berlin',
      'en-GB',
    );
    expect(groups.map((g) => [g.key, g.label, g.tasks.map((t) => t.title)])).toEqual([
      ['overdue', 'Overdue', ['yesterday late', 'last month']],
      ['2026-03-01', 'Today', ['today early', 'today, already past']],
      ['2026-03-02', 'Tomorrow', ['tomorrow in Berlin, today in UTC']],
      ['2026-03-08', 'Sun 8 Mar', ['next week']],
    ]);
  });

  it('keeps an empty Today (where a task for today is added) and no Overdue when nothing is late', () => {
    expect(
      groupByDay([task('in a week', '2026-03-08T12:00:00Z')], now, 'UTC', 'en-GB').map((g) => [
        g.label,
        g.tasks.length,
      ]),
    ).toEqual([
      ['Today', 0],
      ['Sun 8 Mar', 1],
    ]);
  });
});
