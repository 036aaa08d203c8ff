import type { TaskView } from '../../lib/types.js';
import { calendarDay, dateFormat } from '../../lib/time.js';

const DAY_MS = 86_400_000;

/** How far a time zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetAt(at: number, timeZone: string): number {
  const parts = dateFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return (
    Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) -
    Math.floor(at / 1000) * 1000
  );
}

/** The instant a calendar day (days since 1970-01-01) starts in a time zone. */
export function dayStart(day: number, timeZone: string): number {
  const midnightUtc = day * DAY_MS;
  return midnightUtc - offsetAt(midnightUtc - offsetAt(midnightUtc, timeZone), timeZone);
}

/** The last instant a Today view (`days` 1) or an Upcoming view (`days` 14) shows, counted from today in the zone. */
export function viewEnd(now: number, days: number, timeZone: string): string {
  return new Date(dayStart(calendarDay(now, timeZone) + days, timeZone) - 1).toISOString();
}

/** A calendar day's own date (`2026-03-01`) from its number. */
export const dayKey = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

export interface DayGroup {
  /** `overdue`, or the day's date (`2026-03-01`). */
  key: string;
  label: string;
  /** The day's number; null for Overdue. */
  day: number | null;
  tasks: TaskView[];
}

/**
 * Tasks with due dates, in groups: Overdue (due before today, in the zone) first, then one group per
 * day in order ("Today", "Tomorrow", then "Wed 4 Mar"). Today's group is there even when empty (it is
 * where a task for today is added); other days only when they hold a task. Order within a group is kept.
 */
export function groupByDay(
  tasks: readonly TaskView[],
  now: number,
  timeZone: string,
  locale?: string,
): DayGroup[] {
  const today = calendarDay(now, timeZone);
  const name = dateFormat(locale, {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  });
  const label = (day: number) =>
    day === today ? 'Today' : day === today + 1 ? 'Tomorrow' : name.format(day * DAY_MS);
  const overdue: TaskView[] = [];
  const byDay = new Map<number, TaskView[]>([[today, []]]);
  for (const task of tasks) {
    if (!task.due_at) continue;
    const day = calendarDay(new Date(task.due_at).getTime(), timeZone);
    if (day < today) overdue.push(task);
    else byDay.set(day, [...(byDay.get(day) ?? []), task]);
  }
  const days = [...byDay.entries()]
    .sort(([a], [b]) => a - b)
    .map(([day, list]) => ({ key: dayKey(day), label: label(day), day, tasks: list }));
  return overdue.length
    ? [{ key: 'overdue', label: 'Overdue', day: null, tasks: overdue }, ...days]
    : days;
}

/** The due time a task added on a day gets: that day at 23:59 in the zone (the end of the day). */
export function endOfDay(day: number, timeZone: string): string {
  return new Date(dayStart(day + 1, timeZone) - 60_000).toISOString();
}
