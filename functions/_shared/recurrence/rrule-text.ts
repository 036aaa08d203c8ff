/**
 * RFC 5545 RRULE text (§3.3.10) with RFC 7529's RSCALE and SKIP: the parts Ripple takes, parsed into
 * one canonical form and written back in one order, so the same rule always reads the same.
 * A task is due at an instant, so HOURLY and finer frequencies, BYHOUR/BYMINUTE/BYSECOND, BYWEEKNO and
 * BYYEARDAY are refused with a message saying so (nothing the UI or the seeds need).
 */
export const FREQS = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;
export type Freq = (typeof FREQS)[number];
export const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Day = (typeof DAYS)[number];

export interface RRule {
  freq: Freq;
  interval: number;
  count?: number;
  /** UNTIL as an instant (a DATE value is the end of that day in UTC, as floating dates are read here). */
  until?: Date;
  /** `2MO`, `-1FR`, `TU`: ordinal 0 means every such weekday. */
  byDay?: { ordinal: number; day: Day }[];
  byMonthDay?: number[];
  byMonth?: number[];
  bySetPos?: number[];
  wkst?: Day;
  /** RFC 7529: what an occurrence on a day its month lacks (Feb 30) does. OMIT is RFC 5545's own. */
  skip?: 'OMIT' | 'BACKWARD' | 'FORWARD';
}

export class RRuleError extends Error {}

const intList = (name: string, value: string, min: number, max: number, zero = false): number[] =>
  value.split(',').map((v) => {
    const n = /^[+-]?\d{1,3}$/.test(v) ? Number(v) : NaN;
    if (!Number.isInteger(n) || Math.abs(n) < min || Math.abs(n) > max || (!zero && n === 0))
      throw new RRuleError(
        `${name} takes whole numbers from ${min} to ${max} (or their negatives), not "${v}"`,
      );
    return n;
  });

function parseUntil(v: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z)?$/.exec(v);
  const d =
    m &&
    new Date(
      Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, m[4] ? +m[4] : 23, m[5] ? +m[5] : 59, m[6] ? +m[6] : 59),
    );
  if (!d || Number.isNaN(d.getTime()) || d.getUTCDate() !== +m[3]!)
    throw new RRuleError(
      `UNTIL must be a UTC date-time like 20261231T235959Z or a date like 20261231, not "${v}"`,
    );
  return d;
}

/** Parses `FREQ=MONTHLY;BYDAY=-1FR` (an `RRULE:` prefix is taken too). Throws RRuleError saying what is wrong. */
export function parseRRule(text: string): RRule {
  const body = text.trim().replace(/^RRULE:/i, '');
  if (body === '' || body.length > 500)
    throw new RRuleError('Write the rule as RFC 5545 parts, e.g. FREQ=MONTHLY;BYDAY=-1FR');
  const parts = new Map<string, string>();
  for (const part of body.split(';')) {
    const [name, value, extra] = part.split('=');
    if (!name || value === undefined || value === '' || extra !== undefined)
      throw new RRuleError(`"${part}" is not NAME=VALUE`);
    const key = name.toUpperCase();
    if (parts.has(key)) throw new RRuleError(`${key} is given twice`);
    parts.set(key, value.toUpperCase());
  }
  const rule: Partial<RRule> = {};
  for (const [key, value] of parts) {
    switch (key) {
      case 'FREQ':
        if (!(FREQS as readonly string[]).includes(value))
          throw new RRuleError(
            `FREQ must be one of ${FREQS.join(', ')} (a task is due at most once a day), not "${value}"`,
          );
        rule.freq = value as Freq;
        break;
      case 'INTERVAL':
        if (!/^\d{1,3}$/.test(value) || +value < 1 || +value > 365)
          throw new RRuleError('INTERVAL is one whole number from 1 to 365');
        rule.interval = +value;
        break;
      case 'COUNT':
        if (!/^\d{1,4}$/.test(value) || +value < 1)
          throw new RRuleError('COUNT is one whole number from 1 to 9999');
        rule.count = +value;
        break;
      case 'UNTIL':
        rule.until = parseUntil(value);
        break;
      case 'BYDAY':
        rule.byDay = value.split(',').map((v) => {
          const m = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(v);
          const ordinal = m?.[1] ? Number(m[1]) : 0;
          if (!m || Math.abs(ordinal) > 53 || (m[1] && ordinal === 0))
            throw new RRuleError(
              `BYDAY takes days like MO or with an ordinal like 2MO or -1FR, not "${v}"`,
            );
          return { ordinal, day: m[2] as Day };
        });
        break;
      case 'BYMONTHDAY':
        rule.byMonthDay = intList(key, value, 1, 31);
        break;
      case 'BYMONTH':
        rule.byMonth = intList(key, value, 1, 12);
        if (rule.byMonth.some((m) => m < 0)) throw new RRuleError('BYMONTH takes months 1 to 12');
        break;
      case 'BYSETPOS':
        rule.bySetPos = intList(key, value, 1, 366);
        break;
      case 'WKST':
        if (!(DAYS as readonly string[]).includes(value))
          throw new RRuleError(`WKST must be one of ${DAYS.join(', ')}`);
        rule.wkst = value as Day;
        break;
      case 'RSCALE':
        if (value !== 'GREGORIAN') throw new RRuleError('RSCALE can only be GREGORIAN');
        break;
      case 'SKIP':
        if (!['OMIT', 'BACKWARD', 'FORWARD'].includes(value))
          throw new RRuleError('SKIP must be OMIT, BACKWARD or FORWARD');
        rule.skip = value as RRule['skip'];
        break;
      default:
        throw new RRuleError(
          `${key} is not supported: use FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY, BYMONTH, BYSETPOS, WKST, RSCALE, SKIP`,
        );
    }
  }
  if (!rule.freq) throw new RRuleError('FREQ is required');
  if (rule.count !== undefined && rule.until)
    throw new RRuleError('COUNT and UNTIL cannot both be given');
  if (rule.byDay?.some((d) => d.ordinal !== 0) && !['MONTHLY', 'YEARLY'].includes(rule.freq))
    throw new RRuleError('BYDAY with an ordinal (2MO, -1FR) needs FREQ=MONTHLY or YEARLY');
  if (rule.byMonthDay && rule.freq === 'WEEKLY')
    throw new RRuleError('BYMONTHDAY cannot be used with FREQ=WEEKLY');
  if (rule.bySetPos && !rule.byDay && !rule.byMonthDay && !rule.byMonth)
    throw new RRuleError('BYSETPOS needs another BY part to pick from');
  return { ...rule, interval: rule.interval ?? 1 } as RRule;
}

const two = (n: number) => String(n).padStart(2, '0');
const untilText = (d: Date) =>
  `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}T${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}Z`;

/** The canonical text: FREQ first, RFC 7529's RSCALE=GREGORIAN whenever SKIP is given (it requires it). */
export function formatRRule(r: RRule): string {
  const out = [`FREQ=${r.freq}`];
  if (r.interval !== 1) out.push(`INTERVAL=${r.interval}`);
  if (r.count !== undefined) out.push(`COUNT=${r.count}`);
  if (r.until) out.push(`UNTIL=${untilText(r.until)}`);
  if (r.byMonth) out.push(`BYMONTH=${r.byMonth.join(',')}`);
  if (r.byMonthDay) out.push(`BYMONTHDAY=${r.byMonthDay.join(',')}`);
  if (r.byDay) out.push(`BYDAY=${r.byDay.map((d) => `${d.ordinal || ''}${d.day}`).join(',')}`);
  if (r.bySetPos) out.push(`BYSETPOS=${r.bySetPos.join(',')}`);
  if (r.wkst) out.push(`WKST=${r.wkst}`);
  if (r.skip) out.push('RSCALE=GREGORIAN', `SKIP=${r.skip}`);
  return out.join(';');
}
