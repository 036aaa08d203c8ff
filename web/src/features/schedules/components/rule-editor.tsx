import { useEffect, useState } from 'preact/hooks';
import {
  DAYS,
  fromRRule,
  NEW_RULE,
  ORDINALS,
  toRRule,
  type Day,
  type Freq,
  type RuleDraft,
} from '../rule.js';

const FREQS: [Freq, string][] = [
  ['daily', 'Daily'],
  ['weekly', 'Weekly'],
  ['monthly', 'Monthly'],
  ['yearly', 'Yearly'],
];
const UNITS: Record<Freq, string> = {
  daily: 'days',
  weekly: 'weeks',
  monthly: 'months',
  yearly: 'years',
};
const MONTH_DAYS = [...Array.from({ length: 31 }, (_, i) => i + 1), -1];

/**
 * The structured rule form (frequency, interval, weekdays, a day of the month or an ordinal weekday,
 * an end by count or date) over an RRULE, and the raw RRULE beside it for what the form cannot say.
 */
export function RuleEditor(props: {
  id: string;
  rrule: string;
  onChange: (rrule: string) => void;
}) {
  const draft = fromRRule(props.rrule);
  const [raw, setRaw] = useState(props.rrule);
  useEffect(() => setRaw(props.rrule), [props.rrule]);
  const d = draft ?? NEW_RULE;
  const set = (change: Partial<RuleDraft>) => props.onChange(toRRule({ ...d, ...change }));
  const id = (name: string) => `${props.id}-${name}`;
  return (
    <fieldset class="rule-editor">
      <legend>Repeats</legend>
      {!draft && (
        <p class="notice">
          This rule says more than the form can: edit it as an RRULE below, or pick a frequency to
          start again.
        </p>
      )}
      <div class="row">
        <div class="field">
          <label for={id('freq')}>Frequency</label>
          <select
            id={id('freq')}
            value={draft ? d.freq : ''}
            onChange={(e) => set({ freq: e.currentTarget.value as Freq })}
          >
            {!draft && <option value="">Custom</option>}
            {FREQS.map(([value, label]) => (
              <option value={value}>{label}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={id('interval')}>Every</label>
          <span class="with-unit">
            <input
              id={id('interval')}
              type="number"
              min={1}
              max={365}
              value={d.interval}
              disabled={!draft}
              onInput={(e) => set({ interval: Math.max(1, Number(e.currentTarget.value) || 1) })}
            />
            <span>{UNITS[d.freq]}</span>
          </span>
        </div>
      </div>
      {draft && d.freq === 'weekly' && (
        <fieldset class="weekdays">
          <legend>On</legend>
          {DAYS.map(([day, short, long]) => (
            <label title={long}>
              <input
                type="checkbox"
                checked={d.weekdays.includes(day)}
                onChange={(e) =>
                  set({
                    weekdays: e.currentTarget.checked
                      ? [...d.weekdays, day]
                      : d.weekdays.filter((x) => x !== day),
                  })
                }
              />
              {short}
            </label>
          ))}
        </fieldset>
      )}
      {draft && d.freq === 'monthly' && (
        <fieldset class="month-mode">
          <legend>On</legend>
          <label class="check">
            <input
              type="radio"
              name={id('monthly')}
              checked={d.monthly === 'start'}
              onChange={() => set({ monthly: 'start' })}
            />
            the first due date’s day
          </label>
          <span class="check">
            <input
              id={id('by-day')}
              type="radio"
              name={id('monthly')}
              checked={d.monthly === 'day'}
              onChange={() => set({ monthly: 'day' })}
            />
            <label for={id('by-day')}>day</label>
            <select
              aria-label="Day of the month"
              value={d.monthDay}
              onChange={(e) => set({ monthly: 'day', monthDay: Number(e.currentTarget.value) })}
            >
              {MONTH_DAYS.map((n) => (
                <option value={n}>{n === -1 ? 'last' : n}</option>
              ))}
            </select>
          </span>
          <span class="check">
            <input
              id={id('by-weekday')}
              type="radio"
              name={id('monthly')}
              checked={d.monthly === 'weekday'}
              onChange={() => set({ monthly: 'weekday' })}
            />
            <label for={id('by-weekday')}>the</label>
            <select
              aria-label="Which one in the month"
              value={d.ordinal}
              onChange={(e) => set({ monthly: 'weekday', ordinal: Number(e.currentTarget.value) })}
            >
              {ORDINALS.map(([n, label]) => (
                <option value={n}>{label}</option>
              ))}
            </select>
            <select
              aria-label="Weekday"
              value={d.ordinalDay}
              onChange={(e) =>
                set({ monthly: 'weekday', ordinalDay: e.currentTarget.value as Day })
              }
            >
              {DAYS.map(([day, , long]) => (
                <option value={day}>{long}</option>
              ))}
            </select>
          </span>
        </fieldset>
      )}
      {draft && (
        <fieldset class="month-mode">
          <legend>Ends</legend>
          <label class="check">
            <input
              type="radio"
              name={id('end')}
              checked={d.end === 'never'}
              onChange={() => set({ end: 'never' })}
            />
            never
          </label>
          <span class="check">
            <input
              id={id('end-count')}
              type="radio"
              name={id('end')}
              checked={d.end === 'count'}
              onChange={() => set({ end: 'count' })}
            />
            <label for={id('end-count')}>after</label>
            <input
              aria-label="Number of occurrences"
              type="number"
              min={1}
              max={1000}
              value={d.count}
              onInput={(e) =>
                set({ end: 'count', count: Math.max(1, Number(e.currentTarget.value) || 1) })
              }
            />
            times
          </span>
          <span class="check">
            <input
              id={id('end-until')}
              type="radio"
              name={id('end')}
              checked={d.end === 'until'}
              onChange={() => set({ end: 'until' })}
            />
            <label for={id('end-until')}>on</label>
            <input
              aria-label="Last day"
              type="date"
              value={d.until}
              onInput={(e) => set({ end: 'until', until: e.currentTarget.value })}
            />
          </span>
        </fieldset>
      )}
      <details class="advanced" open={!draft}>
        <summary>Advanced: RRULE</summary>
        <div class="field">
          <label for={id('rrule')}>RRULE (RFC 5545)</label>
          <input
            id={id('rrule')}
            value={raw}
            spellcheck={false}
            maxLength={500}
            onInput={(e) => (
              setRaw(e.currentTarget.value),
              props.onChange(e.currentTarget.value.trim())
            )}
          />
        </div>
      </details>
    </fieldset>
  );
}
