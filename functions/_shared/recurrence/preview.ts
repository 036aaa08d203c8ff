import type { Deps } from '../deps.js';
import { findUserById } from '../db/users.js';
import { notFound } from '../errors.js';
import type { Preview } from '../schemas/preview.js';
import { Occurrences } from './occurrences.js';
import { canonicalRecurrence, ruleOf } from './rule.js';

/** A local date-time with its offset, as the user's clock shows the instant. */
export function localText(at: Date, timeZone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    })
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  const offset = p.timeZoneName === 'GMT' ? '+00:00' : p.timeZoneName!.slice(3);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${offset}`;
}

export interface PreviewInput {
  rrule?: string;
  frequency?: 'daily' | 'weekly' | 'monthly' | 'yearly';
  interval?: number;
  weekdays?: ('mo' | 'tu' | 'we' | 'th' | 'fr' | 'sa' | 'su')[];
  start?: Date;
  count: number;
}

/** The next `count` occurrences of a rule from `start` (itself included when the rule selects it), in the user's zone. */
export async function previewRule(deps: Deps, userId: string, q: PreviewInput): Promise<Preview> {
  const user = await findUserById(deps.db, userId);
  if (!user) throw notFound('No such user');
  const recurrence = canonicalRecurrence({
    rrule: q.rrule,
    frequency: q.frequency,
    interval: q.interval,
    weekdays: q.weekdays,
    from: 'due',
  });
  const start = q.start ?? deps.clock.now();
  const occurrences = await Occurrences.of({
    rule: ruleOf(recurrence),
    start,
    timeZone: user.timezone,
  });
  const dates = occurrences.between(start, new Date('9999-12-31T00:00:00Z'), q.count);
  return {
    recurrence,
    time_zone: user.timezone,
    occurrences: dates.map((at) => ({ at: at.toISOString(), local: localText(at, user.timezone) })),
  };
}
