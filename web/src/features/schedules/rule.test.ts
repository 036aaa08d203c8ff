import { describe, expect, it } from 'vitest';
import { describeRule, fromRRule, NEW_RULE, toRRule } from './rule.js';

describe('the rule editor’s form and RRULEs', () => {
  it('writes the RRULE of each structured rule and reads it back the same', () => {
    const cases: [Partial<typeof NEW_RULE>, string, string][] = [
      [{ freq: 'daily', interval: 2 }, 'FREQ=DAILY;INTERVAL=2', 'Every 2 days'],
      [
        { freq: 'weekly', weekdays: ['FR', 'MO', 'TU', 'WE', 'TH'] },
        'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
        'Every weekday',
      ],
      [
        { freq: 'weekly', interval: 2, weekdays: ['TH', 'MO'] },
        'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH',
        'Every 2 weeks on Mon, Thu',
      ],
      [{ monthly: 'start' }, 'FREQ=MONTHLY;RSCALE=GREGORIAN;SKIP=BACKWARD', 'Every month'],
      [
        { monthly: 'day', monthDay: -1 },
        'FREQ=MONTHLY;BYMONTHDAY=-1',
        'Every month on the last day',
      ],
      [
        { monthly: 'day', monthDay: 22, end: 'count', count: 3 },
        'FREQ=MONTHLY;COUNT=3;BYMONTHDAY=22',
        'Every month on the 22nd, 3 times',
      ],
      [
        { monthly: 'weekday', ordinal: 2, ordinalDay: 'MO' },
        'FREQ=MONTHLY;BYDAY=2MO',
        'Every month on the 2nd Monday',
      ],
      [
        { monthly: 'weekday', ordinal: -1, ordinalDay: 'FR', interval: 3 },
        'FREQ=MONTHLY;INTERVAL=3;BYDAY=-1FR',
        'Every 3 months on the last Friday',
      ],
      [{ freq: 'yearly' }, 'FREQ=YEARLY;RSCALE=GREGORIAN;SKIP=BACKWARD', 'Every year'],
    ];
    for (const [change, rrule, words] of cases) {
      const draft = { ...NEW_RULE, ...change };
      expect(toRRule(draft)).toBe(rrule);
      expect(toRRule(fromRRule(rrule)!)).toBe(rrule);
      expect(describeRule(rrule)).toBe(words);
    }
  });

  it('ends by a date: the end of that day in the browser’s zone, read back as that day', () => {
    const rrule = toRRule({ ...NEW_RULE, freq: 'daily', end: 'until', until: '2027-03-31' });
    expect(rrule).toMatch(/^FREQ=DAILY;UNTIL=20270331T\d{6}Z$|^FREQ=DAILY;UNTIL=20270401T\d{6}Z$/);
    expect(fromRRule(rrule)).toMatchObject({ end: 'until', until: '2027-03-31' });
  });

  it('leaves to the raw field what the form cannot say', () => {
    for (const rrule of [
      'FREQ=MONTHLY;BYDAY=MO,TU',
      'FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR',
      'FREQ=YEARLY;BYMONTH=3',
      'FREQ=MONTHLY',
      'FREQ=HOURLY',
      'FREQ=WEEKLY;BYDAY=TH,MO',
    ]) {
      expect(fromRRule(rrule), rrule).toBeNull();
    }
    expect(describeRule('FREQ=YEARLY;BYMONTH=3')).toBe('Custom rule: FREQ=YEARLY;BYMONTH=3');
    // Typed in another order, a rule the form can say is still the form's.
    expect(fromRRule('FREQ=MONTHLY;BYDAY=-1FR;COUNT=2')).toMatchObject({
      monthly: 'weekday',
      ordinal: -1,
      ordinalDay: 'FR',
      end: 'count',
      count: 2,
    });
  });
});
