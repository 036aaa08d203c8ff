import { describe, expect, it } from 'vitest';
import { Occurrences } from './occurrences.js';
import { parseRRule } from './rrule-text.js';

/**
 * RFC 5545 §3.8.5.3's examples (and RFC 7529's SKIP, and what Ripple's users ask for), each read at 09:00
 * local in five zones. The expected dates are the RFCs' own lists, typed in by hand; their instants
 * are computed here with Intl's offsets, not with Temporal or the rule library under test.
 */
interface Case {
  name: string;
  start: string;
  rule: string;
  /** `1997-09:2,4 1997-10:2`: the local dates, each at 09:00. */
  dates: string;
  /** How many there are in all, when the list above is only the first ones. */
  total?: number;
  /** An UNTIL at this local time, written into the rule in UTC for each zone. */
  until?: string;
}

const cases: Case[] = [
  {
    name: 'daily, 10 times',
    start: '1997-09-02',
    rule: 'FREQ=DAILY;COUNT=10',
    dates: '1997-09:2,3,4,5,6,7,8,9,10,11',
  },
  {
    name: 'daily until Dec 24',
    start: '1997-09-02',
    rule: 'FREQ=DAILY',
    until: '1997-12-24T00:00',
    dates: '1997-09:2,3,4',
    total: 113,
  },
  {
    name: 'every other day',
    start: '1997-09-02',
    rule: 'FREQ=DAILY;INTERVAL=2',
    dates: '1997-09:2,4,6,8,10,12,14,16,18,20,22,24,26,28,30 1997-10:2',
  },
  {
    name: 'every 10 days, 5 times',
    start: '1997-09-02',
    rule: 'FREQ=DAILY;INTERVAL=10;COUNT=5',
    dates: '1997-09:2,12,22 1997-10:2,12',
  },
  {
    name: 'every day in January for 3 years, yearly',
    start: '1998-01-01',
    rule: 'FREQ=YEARLY;BYMONTH=1;BYDAY=SU,MO,TU,WE,TH,FR,SA',
    until: '2000-01-31T09:00',
    dates: '1998-01:1,2,3',
    total: 93,
  },
  {
    name: 'every day in January for 3 years, daily',
    start: '1998-01-01',
    rule: 'FREQ=DAILY;BYMONTH=1',
    until: '2000-01-31T09:00',
    dates: '1998-01:1,2,3',
    total: 93,
  },
  {
    name: 'weekly, 10 times',
    start: '1997-09-02',
    rule: 'FREQ=WEEKLY;COUNT=10',
    dates: '1997-09:2,9,16,23,30 1997-10:7,14,21,28 1997-11:4',
  },
  {
    name: 'weekly until Dec 24',
    start: '1997-09-02',
    rule: 'FREQ=WEEKLY',
    until: '1997-12-24T00:00',
    dates: '1997-09:2,9,16,23,30 1997-10:7,14,21,28 1997-11:4,11,18,25 1997-12:2,9,16,23',
  },
  {
    name: 'every other week',
    start: '1997-09-02',
    rule: 'FREQ=WEEKLY;INTERVAL=2;WKST=SU',
    dates: '1997-09:2,16,30 1997-10:14,28 1997-11:11,25 1997-12:9,23 1998-01:6,20 1998-02:3,17',
  },
  {
    name: 'Tuesday and Thursday for five weeks, until',
    start: '1997-09-02',
    rule: 'FREQ=WEEKLY;WKST=SU;BYDAY=TU,TH',
    until: '1997-10-07T00:00',
    dates: '1997-09:2,4,9,11,16,18,23,25,30 1997-10:2',
  },
  {
    name: 'Tuesday and Thursday for five weeks, count',
    start: '1997-09-02',
    rule: 'FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH',
    dates: '1997-09:2,4,9,11,16,18,23,25,30 1997-10:2',
  },
  // RFC 5545 counts a DTSTART that the rule does not select (a Tuesday here) as an occurrence; a task's
  // first due date is its own task, so the rule's dates are the ones after it.
  {
    name: 'every other week on Mon, Wed, Fri until Dec 24',
    start: '1997-09-02',
    rule: 'FREQ=WEEKLY;INTERVAL=2;WKST=SU;BYDAY=MO,WE,FR',
    until: '1997-12-24T00:00',
    dates:
      '1997-09:3,5,15,17,19,29 1997-10:1,3,13,15,17,27,29,31 1997-11:10,12,14,24,26,28 1997-12:8,10,12,22',
  },
  {
    name: 'every other week on Tue and Thu, 8 times',
    start: '1997-09-02',
    rule: 'FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,TH',
    dates: '1997-09:2,4,16,18,30 1997-10:2,14,16',
  },
  {
    name: 'monthly on the first Friday, 10 times',
    start: '1997-09-05',
    rule: 'FREQ=MONTHLY;COUNT=10;BYDAY=1FR',
    dates:
      '1997-09:5 1997-10:3 1997-11:7 1997-12:5 1998-01:2 1998-02:6 1998-03:6 1998-04:3 1998-05:1 1998-06:5',
  },
  {
    name: 'monthly on the first Friday until Dec 24',
    start: '1997-09-05',
    rule: 'FREQ=MONTHLY;BYDAY=1FR',
    until: '1997-12-24T00:00',
    dates: '1997-09:5 1997-10:3 1997-11:7 1997-12:5',
  },
  {
    name: 'every other month on the first and last Sunday',
    start: '1997-09-07',
    rule: 'FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU',
    dates: '1997-09:7,28 1997-11:2,30 1998-01:4,25 1998-03:1,29 1998-05:3,31',
  },
  {
    name: 'monthly on the second-to-last Monday',
    start: '1997-09-22',
    rule: 'FREQ=MONTHLY;COUNT=6;BYDAY=-2MO',
    dates: '1997-09:22 1997-10:20 1997-11:17 1997-12:22 1998-01:19 1998-02:16',
  },
  {
    name: 'monthly on the third-to-last day',
    start: '1997-09-28',
    rule: 'FREQ=MONTHLY;BYMONTHDAY=-3',
    dates: '1997-09:28 1997-10:29 1997-11:28 1997-12:29 1998-01:29 1998-02:26',
  },
  {
    name: 'monthly on the 2nd and 15th',
    start: '1997-09-02',
    rule: 'FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15',
    dates: '1997-09:2,15 1997-10:2,15 1997-11:2,15 1997-12:2,15 1998-01:2,15',
  },
  {
    name: 'monthly on the first and last day',
    start: '1997-09-30',
    rule: 'FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1',
    dates: '1997-09:30 1997-10:1,31 1997-11:1,30 1997-12:1,31 1998-01:1,31 1998-02:1',
  },
  {
    name: 'every 18 months on the 10th to 15th',
    start: '1997-09-10',
    rule: 'FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15',
    dates: '1997-09:10,11,12,13,14,15 1999-03:10,11,12,13',
  },
  {
    name: 'every Tuesday, every other month',
    start: '1997-09-02',
    rule: 'FREQ=MONTHLY;INTERVAL=2;BYDAY=TU',
    dates: '1997-09:2,9,16,23,30 1997-11:4,11,18,25 1998-01:6,13,20,27 1998-03:3,10,17,24,31',
  },
  {
    name: 'yearly in June and July',
    start: '1997-06-10',
    rule: 'FREQ=YEARLY;COUNT=10;BYMONTH=6,7',
    dates:
      '1997-06:10 1997-07:10 1998-06:10 1998-07:10 1999-06:10 1999-07:10 2000-06:10 2000-07:10 2001-06:10 2001-07:10',
  },
  {
    name: 'every other year in January to March',
    start: '1997-03-10',
    rule: 'FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,2,3',
    dates:
      '1997-03:10 1999-01:10 1999-02:10 1999-03:10 2001-01:10 2001-02:10 2001-03:10 2003-01:10 2003-02:10 2003-03:10',
  },
  {
    name: 'the 20th Monday of the year',
    start: '1997-05-19',
    rule: 'FREQ=YEARLY;BYDAY=20MO',
    dates: '1997-05:19 1998-05:18 1999-05:17',
  },
  {
    name: 'every Thursday in March',
    start: '1997-03-13',
    rule: 'FREQ=YEARLY;BYMONTH=3;BYDAY=TH',
    dates: '1997-03:13,20,27 1998-03:5,12,19,26 1999-03:4,11,18,25',
  },
  {
    name: 'every Thursday in June, July and August',
    start: '1997-06-05',
    rule: 'FREQ=YEARLY;BYDAY=TH;BYMONTH=6,7,8',
    dates:
      '1997-06:5,12,19,26 1997-07:3,10,17,24,31 1997-08:7,14,21,28 1998-06:4,11,18,25 1998-07:2',
  },
  {
    name: 'every Friday the 13th',
    start: '1997-09-02',
    rule: 'FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13',
    dates: '1998-02:13 1998-03:13 1998-11:13 1999-08:13 2000-10:13',
  },
  {
    name: 'the first Saturday after the first Sunday',
    start: '1997-09-13',
    rule: 'FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13',
    dates:
      '1997-09:13 1997-10:11 1997-11:8 1997-12:13 1998-01:10 1998-02:7 1998-03:7 1998-04:11 1998-05:9 1998-06:13',
  },
  {
    name: 'US presidential election day',
    start: '1996-11-05',
    rule: 'FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8',
    dates: '1996-11:5 2000-11:7 2004-11:2',
  },
  {
    name: 'the third Tuesday, Wednesday or Thursday of the month',
    start: '1997-09-04',
    rule: 'FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3',
    dates: '1997-09:4 1997-10:7 1997-11:6',
  },
  {
    name: 'the second-to-last weekday of the month',
    start: '1997-09-29',
    rule: 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2',
    dates: '1997-09:29 1997-10:30 1997-11:27 1997-12:30 1998-01:29 1998-02:26 1998-03:30',
  },
  {
    name: 'WKST=MO changes an every-other-week rule',
    start: '1997-08-05',
    rule: 'FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO',
    dates: '1997-08:5,10,19,24',
  },
  {
    name: 'WKST=SU changes an every-other-week rule',
    start: '1997-08-05',
    rule: 'FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU',
    dates: '1997-08:5,17,19,31',
  },
  {
    name: 'an invalid date (Feb 30) is skipped',
    start: '2007-01-15',
    rule: 'FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5',
    dates: '2007-01:15,30 2007-02:15 2007-03:15,30',
  },
  // RFC 7529 §4.2: SKIP picks the day a month lacks.
  {
    name: 'RFC 7529 monthly from Jan 31, SKIP=BACKWARD',
    start: '2015-01-31',
    rule: 'RSCALE=GREGORIAN;FREQ=MONTHLY;COUNT=4;SKIP=BACKWARD',
    dates: '2015-01:31 2015-02:28 2015-03:31 2015-04:30',
  },
  {
    name: 'RFC 7529 yearly Feb 29, SKIP=FORWARD',
    start: '2016-02-29',
    rule: 'RSCALE=GREGORIAN;FREQ=YEARLY;COUNT=5;SKIP=FORWARD',
    dates: '2016-02:29 2017-03:1 2018-03:1 2019-03:1 2020-02:29',
  },
  {
    name: 'RFC 7529 yearly Feb 29, SKIP=BACKWARD',
    start: '2016-02-29',
    rule: 'RSCALE=GREGORIAN;FREQ=YEARLY;COUNT=5;SKIP=BACKWARD',
    dates: '2016-02:29 2017-02:28 2018-02:28 2019-02:28 2020-02:29',
  },
  {
    name: 'RFC 5545 yearly Feb 29 omits common years',
    start: '2016-02-29',
    rule: 'FREQ=YEARLY;COUNT=2',
    dates: '2016-02:29 2020-02:29',
  },
  // What users ask for.
  {
    name: 'the last Friday of the month',
    start: '2026-01-30',
    rule: 'FREQ=MONTHLY;BYDAY=-1FR',
    dates: '2026-01:30 2026-02:27 2026-03:27 2026-04:24 2026-05:29 2026-06:26',
  },
  {
    name: 'every weekday',
    start: '2026-03-05',
    rule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
    dates: '2026-03:5,6,9,10,11,12,13,16',
  },
  {
    name: 'every 2nd Monday',
    start: '2026-01-12',
    rule: 'FREQ=MONTHLY;BYDAY=2MO',
    dates: '2026-01:12 2026-02:9 2026-03:9 2026-04:13 2026-05:11',
  },
  {
    name: 'the last day of the month, across a leap February',
    start: '2028-01-31',
    rule: 'FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=4',
    dates: '2028-01:31 2028-02:29 2028-03:31 2028-04:30',
  },
];

/** The zones: DST in the north and (Sydney, Adelaide) the south, half-hour offsets (Kolkata, Adelaide). */
const ZONES = [
  'America/New_York',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Australia/Sydney',
  'Australia/Adelaide',
];

/** The UTC instant of a local wall time in a zone, from Intl's offsets alone (two rounds settle it). */
function instantOf(local: string, timeZone: string): Date {
  const parts = (at: Date) =>
    Object.fromEntries(
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      })
        .formatToParts(at)
        .map((p) => [p.type, p.value]),
    );
  const wanted = Date.parse(`${local}:00Z`);
  let at = wanted;
  for (let i = 0; i < 2; i++) {
    const p = parts(new Date(at));
    const shown = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
    at += wanted - shown;
  }
  return new Date(at);
}

const expand = (dates: string) =>
  dates.split(' ').flatMap((month) => {
    const [ym, days] = month.split(':');
    return days!.split(',').map((d) => `${ym}-${d.padStart(2, '0')}`);
  });
const utcText = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

describe('RRULE occurrences (RFC 5545 and RFC 7529 examples)', () => {
  it('has at least 40 cases', () => expect(cases.length).toBeGreaterThanOrEqual(40));

  describe.each(ZONES)('in %s', (zone) => {
    it.each(cases)('$name', async (c) => {
      const text = c.until ? `${c.rule};UNTIL=${utcText(instantOf(c.until, zone))}` : c.rule;
      const start = instantOf(`${c.start}T09:00`, zone);
      const occurrences = await Occurrences.of({ rule: parseRRule(text), start, timeZone: zone });
      const expected = expand(c.dates).map((d) => instantOf(`${d}T09:00`, zone).toISOString());
      const far = new Date('2100-01-01T00:00:00Z');
      expect(occurrences.between(start, far, expected.length).map((d) => d.toISOString())).toEqual(
        expected,
      );
      if (c.total) expect(occurrences.between(start, far, 1000)).toHaveLength(c.total);
      else if (/COUNT|UNTIL/.test(text))
        expect(occurrences.between(start, far, 1000)).toHaveLength(expected.length);
    });
  });
});
