import { badRequest } from '../errors.js';
import type {
  Recurrence,
  RecurrenceInput,
  StoredRecurrence,
  Weekday,
} from '../schemas/recurrence.js';
import { DAYS, formatRRule, parseRRule, RRuleError, type Freq, type RRule } from './rrule-text.js';

const FREQUENCY = {
  DAILY: 'daily',
  WEEKLY: 'weekly',
  MONTHLY: 'monthly',
  YEARLY: 'yearly',
} as const satisfies Record<Freq, Recurrence['frequency']>;
const FREQ = { daily: 'DAILY', weekly: 'WEEKLY', monthly: 'MONTHLY', yearly: 'YEARLY' } as const;
const dayOf = (w: Weekday) => w.toUpperCase() as (typeof DAYS)[number];
const weekdayOf = (d: (typeof DAYS)[number]) => d.toLowerCase() as Weekday;

/**
 * The structured form as an RRULE, meaning what it always meant: monthly and yearly clamp to the
 * month's last day (Jan 31 → Feb 28, then Mar 31 again), which is RFC 7529's SKIP=BACKWARD.
 */
export function rruleOfStructured(
  r: Pick<Recurrence, 'frequency' | 'interval' | 'weekdays'>,
): RRule {
  return {
    freq: FREQ[r.frequency],
    interval: r.interval,
    ...(r.weekdays ? { byDay: r.weekdays.map((w) => ({ ordinal: 0, day: dayOf(w) })) } : {}),
    ...(r.frequency === 'monthly' || r.frequency === 'yearly' ? { skip: 'BACKWARD' as const } : {}),
  };
}

/** The rule's structured summary: its frequency and interval, and its weekdays when it is weekly on plain days. */
export function structuredOf(rule: RRule): Pick<Recurrence, 'frequency' | 'interval' | 'weekdays'> {
  const plainDays = rule.freq === 'WEEKLY' && rule.byDay?.every((d) => d.ordinal === 0);
  const weekdays = plainDays
    ? DAYS.filter((d) => rule.byDay!.some((b) => b.day === d)).map(weekdayOf)
    : undefined;
  return {
    frequency: FREQUENCY[rule.freq],
    interval: rule.interval,
    ...(weekdays ? { weekdays } : {}),
  };
}

/** Whether the structured form says all the rule says (so "from completion" can count from it). */
export const isStructured = (rule: RRule): boolean =>
  formatRRule(rule) === formatRRule(rruleOfStructured(structuredOf(rule)));

/** The rule as the API answers and stores it: the structured summary and the RRULE, which governs. */
export function recurrenceOf(rule: RRule, from: Recurrence['from']): Recurrence {
  return { ...structuredOf(rule), from, rrule: formatRRule(rule) };
}

/** A stored rule (written before RRULEs, or since) as the API answers it. */
export function recurrenceView(stored: StoredRecurrence): Recurrence {
  return stored.rrule
    ? { ...stored, rrule: stored.rrule }
    : { ...stored, rrule: formatRRule(rruleOfStructured(stored)) };
}

/** The rule of a stored recurrence, parsed. */
export const ruleOf = (stored: StoredRecurrence): RRule =>
  stored.rrule ? parseRRule(stored.rrule) : rruleOfStructured(stored);

const invalid = (path: string, message: string) =>
  badRequest('The repeat rule is not valid', [
    { path: path.includes('.') || path === 'rrule' ? path : `recurrence.${path}`, message },
  ]);

/** Parses an RRULE the API was sent; a 400 naming the field (`path`) says what is wrong. */
export function parseRRuleField(text: string, path = 'recurrence.rrule'): RRule {
  try {
    return parseRRule(text);
  } catch (err) {
    if (err instanceof RRuleError) throw invalid(path, err.message);
    throw err;
  }
}

/**
 * What a client sent, as one rule: the structured form alone, an `rrule` alone, or both (a rule the API
 * answered, sent back) when they agree. "From completion" counts whole units from the day a task was
 * done, which only a structured rule can say.
 */
export function canonicalRecurrence(input: RecurrenceInput): Recurrence {
  if (input.rrule === undefined) {
    if (!input.frequency) throw invalid('frequency', 'Give a frequency or an rrule');
    const structured = {
      frequency: input.frequency,
      interval: input.interval ?? 1,
      ...(input.weekdays ? { weekdays: input.weekdays } : {}),
    };
    return recurrenceOf(rruleOfStructured(structured), input.from);
  }
  const rule = parseRRuleField(input.rrule);
  const summary = structuredOf(rule);
  if (input.frequency !== undefined && input.frequency !== summary.frequency)
    throw invalid(
      'frequency',
      `The rrule repeats ${summary.frequency}; leave frequency out or make it agree`,
    );
  if (input.interval !== undefined && input.interval !== rule.interval)
    throw invalid(
      'interval',
      `The rrule's INTERVAL is ${rule.interval}; leave interval out or make it agree`,
    );
  if (input.weekdays !== undefined && input.weekdays.join() !== (summary.weekdays ?? []).join())
    throw invalid(
      'weekdays',
      "The rrule's BYDAY names other days; leave weekdays out or make them agree",
    );
  if (input.from === 'completion' && !isStructured(rule))
    throw invalid(
      'from',
      'Only a rule without COUNT, UNTIL or BY parts other than weekly days can count from completion',
    );
  return recurrenceOf(rule, input.from);
}
