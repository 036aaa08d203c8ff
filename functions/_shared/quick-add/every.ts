import type { Temporal } from 'temporal-polyfill';
import { DAYS, type Day, type RRule } from '../recurrence/rrule-text.js';

/** The words of a day of the week, longest first so that "thursday" is not read as "thu" + "rsday". */
const DAY_WORDS: [string, Day][] = (
  [
    ['monday', 'MO'],
    ['mon', 'MO'],
    ['tuesday', 'TU'],
    ['tues', 'TU'],
    ['tue', 'TU'],
    ['wednesday', 'WE'],
    ['weds', 'WE'],
    ['wed', 'WE'],
    ['thursday', 'TH'],
    ['thurs', 'TH'],
    ['thur', 'TH'],
    ['thu', 'TH'],
    ['friday', 'FR'],
    ['fri', 'FR'],
    ['saturday', 'SA'],
    ['sat', 'SA'],
    ['sunday', 'SU'],
    ['sun', 'SU'],
  ] as [string, Day][]
).sort((a, b) => b[0].length - a[0].length);
const DAY = `(?:${DAY_WORDS.map(([w]) => w).join('|')})s?`;
const DAY_LIST = `${DAY}(?:\\s*(?:,\\s*(?:and\\s+|&\\s*)?|and\\s+|&\\s*|\\/\\s*)${DAY})*`;
const UNITS = { day: 'DAILY', week: 'WEEKLY', month: 'MONTHLY', year: 'YEARLY' } as const;
const ORDINALS: Record<string, number> = {
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
  last: -1,
};

const dayOf = (word: string): Day =>
  DAY_WORDS.find(
    ([w]) => word.toLowerCase().replace(/s$/, '') === w || word.toLowerCase() === w,
  )![1];
const daysIn = (list: string): { ordinal: number; day: Day }[] => {
  const found = new Set((list.match(new RegExp(DAY, 'gi')) ?? []).map(dayOf));
  return DAYS.filter((d) => found.has(d)).map((day) => ({ ordinal: 0, day }));
};

/** One way of saying a rule after "every": its pattern (anchored, case-insensitive) and the rule it means. */
const FORMS: [RegExp, (m: RegExpExecArray) => RRule | string][] = [
  [
    /^(?:(other|\d{1,3})\s+)?(day|week|month|year)s?(?:\s+on\s+(DAYLIST))?/,
    (m) => {
      const interval = m[1] === undefined ? 1 : m[1].toLowerCase() === 'other' ? 2 : Number(m[1]);
      if (interval < 1 || interval > 365)
        return 'Repeat every 1 to 365 days, weeks, months or years';
      const freq = UNITS[m[2]!.toLowerCase() as keyof typeof UNITS];
      if (m[3] && freq !== 'WEEKLY')
        return 'Days of the week can be picked only for a weekly repeat ("every 2 weeks on mon, thu")';
      return { freq, interval, ...(m[3] ? { byDay: daysIn(m[3]) } : {}) };
    },
  ],
  [
    /^(?:weekday|workday|work day)s?/,
    () => ({ freq: 'WEEKLY', interval: 1, byDay: daysIn('mon tue wed thu fri') }),
  ],
  [/^weekends?/, () => ({ freq: 'WEEKLY', interval: 1, byDay: daysIn('sat sun') })],
  [
    /^last\s+day(?:\s+of\s+(?:the|each|every)\s+month)?/,
    () => ({ freq: 'MONTHLY', interval: 1, byMonthDay: [-1] }),
  ],
  [
    /^(first|1st|second|2nd|third|3rd|fourth|4th|last)\s+(DAY)(?:\s+of\s+(?:the|each|every)\s+month)?/,
    (m) => ({
      freq: 'MONTHLY',
      interval: 1,
      byDay: [{ ordinal: ORDINALS[m[1]!.toLowerCase()]!, day: dayOf(m[2]!) }],
    }),
  ],
  [
    /^(\d{1,2})(?:st|nd|rd|th)(?:\s+of\s+(?:the|each|every)\s+month)?/,
    (m) =>
      Number(m[1]) >= 1 && Number(m[1]) <= 31
        ? { freq: 'MONTHLY', interval: 1, byMonthDay: [Number(m[1])] }
        : 'A month has days 1 to 31',
  ],
  [/^DAYLIST/, (m) => ({ freq: 'WEEKLY', interval: 1, byDay: daysIn(m[0]) })],
];
const COMPILED = FORMS.map(
  ([re, rule]) =>
    [
      new RegExp(
        re.source.replace('DAYLIST', DAY_LIST).replace('(DAY)', `(${DAY})`) + '(?![\\p{L}\\p{N}])',
        'iu',
      ),
      rule,
    ] as const,
);

export interface EveryMatch {
  start: number;
  end: number;
  /** The rule, or why the words after "every" are not one. */
  rule: RRule | string;
}

/**
 * "every …" phrases in the text. "every" followed by a number or a word of the grammar that goes
 * wrong is a problem; followed by anything else ("every book") it is just a word of the title.
 */
export function findEvery(text: string): EveryMatch[] {
  const found: EveryMatch[] = [];
  for (const m of text.matchAll(/(?<![\p{L}\p{N}])every\s+/giu)) {
    // An "every" inside the phrase before is part of it ("every last day of every month").
    if (m.index < (found.at(-1)?.end ?? 0)) continue;
    const rest = text.slice(m.index + m[0].length);
    const form = COMPILED.map(([re, rule]) => [re.exec(rest), rule] as const).find(([hit]) => hit);
    if (form)
      found.push({
        start: m.index,
        end: m.index + m[0].length + form[0]![0].length,
        rule: form[1](form[0]!),
      });
    // The number and the word after it, unless that word starts the next phrase ("every 1800 every day").
    else if (/^\d/.test(rest))
      found.push({
        start: m.index,
        end:
          m.index +
          m[0].length +
          /^\S+(?:\s+(?!every(?![\p{L}\p{N}]))\S+)?/iu.exec(rest)![0].length,
        rule: 'Say a repeat as "every day", "every 2 weeks on mon, thu", "every last day"…',
      });
  }
  return found;
}

const WEEKDAY_NUMBER: Record<Day, number> = { MO: 1, TU: 2, WE: 3, TH: 4, FR: 5, SA: 6, SU: 7 };

/** Whether a day is one the rule picks (its BY parts; the interval counts from the first one). */
export function picks(rule: RRule, d: Temporal.PlainDate): boolean {
  if (rule.byMonthDay)
    return rule.byMonthDay.some((n) => (n > 0 ? d.day === n : d.day === d.daysInMonth + 1 + n));
  if (!rule.byDay) return true;
  return rule.byDay.some(({ ordinal, day }) => {
    if (d.dayOfWeek !== WEEKDAY_NUMBER[day]) return false;
    if (ordinal > 0) return Math.ceil(d.day / 7) === ordinal;
    if (ordinal < 0) return Math.ceil((d.daysInMonth - d.day + 1) / 7) === -ordinal;
    return true;
  });
}

/** The first day from `from` on that the rule picks and `accept` takes (a year and a month ahead at most). */
export function firstDay(
  rule: RRule,
  from: Temporal.PlainDate,
  accept: (d: Temporal.PlainDate) => boolean = () => true,
): Temporal.PlainDate | null {
  for (let d = from, i = 0; i < 400; i++, d = d.add({ days: 1 }))
    if (picks(rule, d) && accept(d)) return d;
  return null;
}
