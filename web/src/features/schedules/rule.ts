// The rule editor's structured form and the RRULE it stands for, both ways, and a rule in words.

export type Freq = 'daily' | 'weekly' | 'monthly' | 'yearly';
export type Day = 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU';
export const DAYS: readonly (readonly [Day, string, string])[] = [
  ['MO', 'Mon', 'Monday'],
  ['TU', 'Tue', 'Tuesday'],
  ['WE', 'Wed', 'Wednesday'],
  ['TH', 'Thu', 'Thursday'],
  ['FR', 'Fri', 'Friday'],
  ['SA', 'Sat', 'Saturday'],
  ['SU', 'Sun', 'Sunday'],
];
export const ORDINALS: readonly (readonly [number, string])[] = [
  [1, '1st'],
  [2, '2nd'],
  [3, '3rd'],
  [4, '4th'],
  [-1, 'last'],
];

export interface RuleDraft {
  freq: Freq;
  interval: number;
  /** Weekly: the days of the week (none: the start's). */
  weekdays: Day[];
  /** Monthly: on the start's day, on a day of the month (`monthDay`, -1 = the last), or on an ordinal weekday ("2nd Monday"). */
  monthly: 'start' | 'day' | 'weekday';
  monthDay: number;
  ordinal: number;
  ordinalDay: Day;
  end: 'never' | 'count' | 'until';
  count: number;
  /** The last day (YYYY-MM-DD, the browser's zone). */
  until: string;
}

export const NEW_RULE: RuleDraft = {
  freq: 'monthly',
  interval: 1,
  weekdays: [],
  monthly: 'start',
  monthDay: 1,
  ordinal: 1,
  ordinalDay: 'MO',
  end: 'never',
  count: 10,
  until: '',
};

const pad = (n: number) => String(n).padStart(2, '0');

/** The RRULE of a structured rule. A month's "start" day is clamped to short months (Jan 31 → Feb 28), as tasks do. */
export function toRRule(d: RuleDraft): string {
  // In the order the server writes a rule (so that a stored rule reads back into the form).
  const parts = [`FREQ=${d.freq.toUpperCase()}`];
  if (d.interval > 1) parts.push(`INTERVAL=${d.interval}`);
  if (d.end === 'count') parts.push(`COUNT=${d.count}`);
  if (d.end === 'until' && d.until) {
    const last = new Date(`${d.until}T23:59:59`);
    parts.push(
      `UNTIL=${last.getUTCFullYear()}${pad(last.getUTCMonth() + 1)}${pad(last.getUTCDate())}T${pad(last.getUTCHours())}${pad(last.getUTCMinutes())}${pad(last.getUTCSeconds())}Z`,
    );
  }
  if (d.freq === 'monthly' && d.monthly === 'day') parts.push(`BYMONTHDAY=${d.monthDay}`);
  if (d.freq === 'weekly' && d.weekdays.length)
    parts.push(
      `BYDAY=${DAYS.map(([day]) => day)
        .filter((day) => d.weekdays.includes(day))
        .join(',')}`,
    );
  if (d.freq === 'monthly' && d.monthly === 'weekday')
    parts.push(`BYDAY=${d.ordinal}${d.ordinalDay}`);
  if ((d.freq === 'monthly' && d.monthly === 'start') || d.freq === 'yearly')
    parts.push('RSCALE=GREGORIAN', 'SKIP=BACKWARD');
  return parts.join(';');
}

const isDay = (s: string): s is Day => DAYS.some(([day]) => day === s);

/** The structured form of an RRULE, or null when it says more than the form can (edit it as text). */
export function fromRRule(text: string): RuleDraft | null {
  const map = new Map(
    text
      .replace(/^RRULE:/i, '')
      .split(';')
      .filter(Boolean)
      .map((p) => p.split('=') as [string, string]),
  );
  const freq = map.get('FREQ')?.toLowerCase();
  if (freq !== 'daily' && freq !== 'weekly' && freq !== 'monthly' && freq !== 'yearly') return null;
  const d: RuleDraft = { ...NEW_RULE, freq, interval: Number(map.get('INTERVAL') ?? 1) };
  const skip = map.get('SKIP');
  if (skip !== undefined && (skip !== 'BACKWARD' || map.get('RSCALE') !== 'GREGORIAN')) return null;
  const byday = map.get('BYDAY')?.split(',');
  const monthDay = map.get('BYMONTHDAY');
  if (freq === 'weekly' && byday) {
    if (!byday.every(isDay)) return null;
    d.weekdays = byday;
  } else if (freq === 'monthly' && byday) {
    const m = byday.length === 1 ? /^(-1|[1-4])(MO|TU|WE|TH|FR|SA|SU)$/.exec(byday[0]!) : null;
    if (!m) return null;
    Object.assign(d, { monthly: 'weekday', ordinal: Number(m[1]), ordinalDay: m[2] as Day });
  } else if (freq === 'monthly' && monthDay !== undefined) {
    if (!/^(-1|[1-9]|[12]\d|3[01])$/.test(monthDay)) return null;
    Object.assign(d, { monthly: 'day', monthDay: Number(monthDay) });
  } else if (byday || monthDay !== undefined) return null;
  if (
    (freq === 'monthly' && d.monthly !== 'start') || freq === 'daily' || freq === 'weekly'
      ? skip !== undefined
      : skip === undefined
  )
    return null;
  if (map.has('COUNT')) Object.assign(d, { end: 'count', count: Number(map.get('COUNT')) });
  const until = map.get('UNTIL');
  if (until) {
    const m = /^(\d{4})(\d\d)(\d\d)(?:T(\d\d)(\d\d)(\d\d)Z)?$/.exec(until);
    if (!m) return null;
    const at = m[4]
      ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4], +m[5]!, +m[6]!))
      : new Date(+m[1]!, +m[2]! - 1, +m[3]!);
    Object.assign(d, {
      end: 'until',
      until: `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`,
    });
  }
  const known = new Set([
    'FREQ',
    'INTERVAL',
    'BYDAY',
    'BYMONTHDAY',
    'COUNT',
    'UNTIL',
    'RSCALE',
    'SKIP',
  ]);
  if ([...map.keys()].some((k) => !known.has(k)) || !(d.interval >= 1)) return null;
  // Only a rule the form writes back the same (its parts in any order) is the form's.
  const parts = (t: string) =>
    t
      .replace(/^RRULE:/i, '')
      .split(';')
      .filter(Boolean)
      .sort()
      .join(';');
  return parts(toRRule(d)) === parts(text) ? d : null;
}

const UNIT: Record<Freq, string> = {
  daily: 'day',
  weekly: 'week',
  monthly: 'month',
  yearly: 'year',
};
const nth = (n: number) =>
  n === -1
    ? 'last day'
    : `${n}${[11, 12, 13].includes(n % 100) ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;

/** "Every month on the last Friday, 12 times": a rule in words (the RRULE itself when the form cannot say it). */
export function describeRule(rrule: string): string {
  const d = fromRRule(rrule);
  if (!d) return `Custom rule: ${rrule}`;
  const every = d.interval === 1 ? `Every ${UNIT[d.freq]}` : `Every ${d.interval} ${UNIT[d.freq]}s`;
  let text = every;
  if (d.freq === 'weekly' && d.weekdays.join() === 'MO,TU,WE,TH,FR' && d.interval === 1)
    text = 'Every weekday';
  else if (d.freq === 'weekly' && d.weekdays.length)
    text += ` on ${DAYS.filter(([day]) => d.weekdays.includes(day))
      .map(([, short]) => short)
      .join(', ')}`;
  if (d.freq === 'monthly' && d.monthly === 'day') text += ` on the ${nth(d.monthDay)}`;
  if (d.freq === 'monthly' && d.monthly === 'weekday')
    text += ` on the ${ORDINALS.find(([n]) => n === d.ordinal)![1]} ${DAYS.find(([day]) => day === d.ordinalDay)![2]}`;
  if (d.end === 'count') text += d.count === 1 ? ', once' : `, ${d.count} times`;
  if (d.end === 'until')
    text += `, until ${new Date(`${d.until}T12:00:00`).toLocaleDateString(undefined, { dateStyle: 'medium' })}`;
  return text;
}
