import type { Temporal } from 'temporal-polyfill';
import type { RRuleTemporal } from 'rrule-temporal';
import { formatRRule, type RRule } from './rrule-text.js';

// Both loaded on first use: only the functions that compute dates pay for them.
let loading: Promise<[typeof Temporal, typeof RRuleTemporal]> | undefined;
const load = () =>
  (loading ??= Promise.all([
    import('temporal-polyfill').then((m) => m.Temporal),
    import('rrule-temporal').then((m) => m.RRuleTemporal),
  ]));

export interface Series {
  rule: RRule;
  /** DTSTART: the first due date; its local time of day is every occurrence's. */
  start: Date;
  /** The IANA zone the rule is read in (the user's). */
  timeZone: string;
}

/**
 * A rule's occurrences, computed by `rrule-temporal` on the local wall clock and only then placed in the
 * zone. The library is run in floating time (UTC, which has no daylight-saving changes) so that
 * the rule's arithmetic sees only dates: 09:00 stays 09:00 across DST, and a time of day that a
 * spring-forward night skips (02:30) is kept, moved on by the gap (03:30), as Temporal's `compatible`
 * does, rather than dropped as RFC 5545 §3.3.10 would have it: a task must not vanish for a night.
 */
export class Occurrences {
  private constructor(
    private readonly T: typeof Temporal,
    private readonly rule: RRuleTemporal,
    private readonly timeZone: string,
  ) {}

  static async of(s: Series): Promise<Occurrences> {
    const [T, RRuleTemporal] = await load();
    // RRULE date-times are whole seconds (RFC 5545 §3.3.5): a start's milliseconds are dropped.
    const local = T.Instant.fromEpochMilliseconds(s.start.getTime() - (s.start.getTime() % 1000))
      .toZonedDateTimeISO(s.timeZone)
      .toPlainDateTime();
    const dtstart = local.toZonedDateTime('UTC');
    // UNTIL is an instant; on the floating clock it is that instant's local time in the zone.
    const until =
      s.rule.until &&
      T.Instant.fromEpochMilliseconds(s.rule.until.getTime())
        .toZonedDateTimeISO(s.timeZone)
        .toPlainDateTime()
        .toZonedDateTime('UTC');
    const text = formatRRule({ ...s.rule, until: undefined });
    // The library's types name its own Temporal; ours is the same polyfill's shape.
    const rule = new RRuleTemporal({
      rruleString: text,
      dtstart: dtstart as never,
      until: until as never,
      tzid: 'UTC',
      cache: false,
    });
    return new Occurrences(T, rule, s.timeZone);
  }

  private floating(at: Date): Temporal.ZonedDateTime {
    return this.T.Instant.fromEpochMilliseconds(at.getTime())
      .toZonedDateTimeISO(this.timeZone)
      .toPlainDateTime()
      .toZonedDateTime('UTC');
  }

  private placed(z: { toString(): string }): Date {
    const local = this.T.PlainDateTime.from(z.toString().slice(0, 19));
    return new Date(
      local.toZonedDateTime(this.timeZone, { disambiguation: 'compatible' }).epochMilliseconds,
    );
  }

  /** The first occurrence strictly after `after` (or at it, with `inclusive`), or null when the rule has ended. */
  next(after: Date, inclusive = false): Date | null {
    // On the floating clock an instant in a repeated hour maps to either copy: look a little earlier,
    // then keep the first that is really later.
    let from = this.floating(new Date(after.getTime() - 3_600_000));
    for (let i = 0; i < 4; i++) {
      const z = this.rule.next(from as never, true);
      if (!z) return null;
      const at = this.placed(z);
      if (at.getTime() > after.getTime() || (inclusive && at.getTime() === after.getTime()))
        return at;
      from = (z as unknown as Temporal.ZonedDateTime).add({ seconds: 1 });
    }
    return null;
  }

  /** Up to `limit` occurrences after `after` (exclusive), in order. */
  take(after: Date, limit: number): Date[] {
    const out: Date[] = [];
    for (let at = this.next(after); at && out.length < limit; at = this.next(at)) out.push(at);
    return out;
  }

  /**
   * Every occurrence in [from, to], in order, at most `limit`. Short windows are asked of the library
   * at once (one walk, not one per occurrence); a window of more than a year goes one by one, as the
   * limit may stop it long before its end.
   */
  between(from: Date, to: Date, limit: number): Date[] {
    if (to.getTime() - from.getTime() > 366 * 86_400_000) {
      const out: Date[] = [];
      for (
        let at = this.next(from, true);
        at && at.getTime() <= to.getTime() && out.length < limit;
        at = this.next(at)
      )
        out.push(at);
      return out;
    }
    // A repeated or skipped hour moves an instant by up to an hour against the floating clock: look wider, keep the window.
    const wide = this.rule.between(
      this.floating(new Date(from.getTime() - 3_600_000)) as never,
      this.floating(new Date(to.getTime() + 3_600_000)) as never,
      true,
    );
    return wide
      .map((z) => this.placed(z))
      .filter((at) => at.getTime() >= from.getTime() && at.getTime() <= to.getTime())
      .slice(0, limit);
  }
}
