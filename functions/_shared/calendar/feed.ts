import type { TaskRow } from '../db/database.js';
import type { TagsByTask } from '../db/tags.js';
import { Occurrences } from '../recurrence/occurrences.js';
import { formatRRule, type RRule } from '../recurrence/rrule-text.js';
import { ruleOf } from '../recurrence/rule.js';
import { beforeDuration, escapeText, foldLine, localDateTime, utc } from './ical-text.js';
import { vtimezone } from './vtimezone.js';

const PRIORITY = { urgent: 1, high: 3, medium: 5, low: 9 } as const;

/**
 * The rule as the open occurrence's RRULE, from its own due date. A monthly or yearly rule that clamped
 * this occurrence to a month's end (the series began on the 31st, this one is on the 28th) names
 * the series' day, so the next ones go back to it, as Ripple's do.
 */
async function ruleFromHere(
  rule: RRule,
  anchor: Date,
  due: Date,
  timeZone: string,
): Promise<string> {
  // COUNT counts from the series' start: from here on it is an UNTIL, the last occurrence.
  if (rule.count !== undefined) {
    const all = (await Occurrences.of({ rule, start: anchor, timeZone })).between(
      anchor,
      new Date('9999-12-31T00:00:00Z'),
      rule.count,
    );
    rule = { ...rule, count: undefined, until: all.at(-1) ?? anchor };
  }
  const [a, d] = [localDateTime(anchor, timeZone), localDateTime(due, timeZone)];
  const plain = !rule.byDay && !rule.byMonthDay && !rule.byMonth && !rule.bySetPos;
  if (plain && a.slice(6, 8) !== d.slice(6, 8)) {
    if (rule.freq === 'MONTHLY')
      return formatRRule({ ...rule, byMonthDay: [Number(a.slice(6, 8))] });
    if (rule.freq === 'YEARLY')
      return formatRRule({
        ...rule,
        byMonth: [Number(a.slice(4, 6))],
        byMonthDay: [Number(a.slice(6, 8))],
      });
  }
  return formatRRule(rule);
}

/** One task as a VTODO (RFC 5545 §3.6.2): its due date in the user's zone, its rule and its reminder. */
async function vtodo(row: TaskRow, tags: TagsByTask, timeZone: string): Promise<string[]> {
  const due = row.due_at!;
  const lines = [
    'BEGIN:VTODO',
    `UID:${row.id}@ripple`,
    `DTSTAMP:${utc(row.updated_at)}`,
    `CREATED:${utc(row.created_at)}`,
    `LAST-MODIFIED:${utc(row.updated_at)}`,
    `SEQUENCE:${row.version - 1}`,
    `SUMMARY:${escapeText(row.title)}`,
    ...(row.description ? [`DESCRIPTION:${escapeText(row.description)}`] : []),
    `PRIORITY:${PRIORITY[row.priority]}`,
    `DUE;TZID=${timeZone}:${localDateTime(due, timeZone)}`,
  ];
  const tagNames = (tags.get(row.id) ?? []).map((t) => escapeText(t.name));
  if (tagNames.length) lines.push(`CATEGORIES:${tagNames.join(',')}`);
  if (row.status === 'completed') {
    lines.push('STATUS:COMPLETED', `COMPLETED:${utc(row.completed_at!)}`);
  } else {
    lines.push('STATUS:NEEDS-ACTION');
    // A rule counted from completion has no dates of its own to show.
    if (row.recurrence && row.recurrence.from === 'due') {
      lines.push(
        `DTSTART;TZID=${timeZone}:${localDateTime(due, timeZone)}`,
        `RRULE:${await ruleFromHere(ruleOf(row.recurrence), row.recurrence_anchor ?? due, due, timeZone)}`,
      );
    }
  }
  if (row.remind_at && row.remind_at.getTime() <= due.getTime()) {
    const minutes = Math.round((due.getTime() - row.remind_at.getTime()) / 60_000);
    lines.push(
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      `DESCRIPTION:${escapeText(row.title)}`,
      `TRIGGER;RELATED=END:${beforeDuration(minutes)}`,
      'END:VALARM',
    );
  }
  lines.push('END:VTODO');
  return lines;
}

/** The whole feed: a VCALENDAR with the user's zone as a VTIMEZONE and one VTODO per task, CRLF and folded. */
export async function calendarFeed(
  rows: TaskRow[],
  tags: TagsByTask,
  timeZone: string,
  now: Date,
): Promise<string> {
  const years = rows.map((r) => r.due_at!.getUTCFullYear());
  const from = Math.min(now.getUTCFullYear(), ...years) - 1;
  const to = Math.min(9999, Math.max(now.getUTCFullYear(), ...years) + 10);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Ripple//Tasks feed//EN',
    'CALSCALE:GREGORIAN',
    'X-WR-CALNAME:Ripple tasks',
    `X-WR-TIMEZONE:${timeZone}`,
    ...(await vtimezone(timeZone, from, to)),
    ...(await Promise.all(rows.map((r) => vtodo(r, tags, timeZone)))).flat(),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
