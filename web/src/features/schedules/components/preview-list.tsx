import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { describeError, fieldError } from '../../../lib/api.js';
import { dateFormat } from '../../../lib/time.js';
import { previewRule, type OccurrenceView, type Preview } from '../api.js';

type Item = Preview['occurrences'][number] &
  Partial<Pick<OccurrenceView, 'state' | 'task_id' | 'changes'>>;

/** An occurrence's date and time on the series' clock. */
export const whenText = (at: string, timeZone: string) =>
  dateFormat(undefined, {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(at));

const STATE: Record<string, string> = {
  edited: 'Edited',
  skipped: 'Skipped',
  created: 'Task created',
};

/**
 * The next occurrences of a rule, asked of the server (its rule arithmetic, in the user's zone) a moment
 * after the rule stops changing; with a series, each says whether it is edited, skipped or a task already.
 */
export function PreviewList(props: {
  rrule: string;
  start?: string | undefined;
  seriesId?: string;
  count?: number;
  label: string;
  version?: number;
  actions?: (o: Item, timeZone: string) => ComponentChildren;
}) {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      const query = {
        count: String(props.count ?? 5),
        ...(props.rrule ? { rrule: props.rrule } : {}),
        ...(props.start ? { start: props.start } : {}),
        ...(props.seriesId ? { series_id: props.seriesId } : {}),
      };
      previewRule(query).then(
        (p) => current && (setPreview(p), setError('')),
        (err: unknown) =>
          current &&
          (setPreview(null),
          setError(
            fieldError(err, 'rrule') ?? fieldError(err, 'recurrence.rrule') ?? describeError(err),
          )),
      );
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [props.rrule, props.start, props.seriesId, props.count, props.version]);
  return (
    <div class="preview" aria-live="polite">
      {error ? (
        <p class="error">{error}</p>
      ) : !preview ? (
        <p class="empty">Working out the dates…</p>
      ) : preview.occurrences.length === 0 ? (
        <p class="empty">No occurrences from now on.</p>
      ) : (
        <ol aria-label={props.label}>
          {preview.occurrences.map((o: Item) => (
            <li class={o.state ?? ''}>
              <time dateTime={o.at}>{whenText(o.at, preview.time_zone)}</time>
              {o.state && STATE[o.state] && (
                <span class={`state ${o.state}`}>{STATE[o.state]}</span>
              )}
              {o.changes?.title && <span class="changed">“{o.changes.title}”</span>}
              {o.changes?.due_at && (
                <span class="changed">
                  moved to {whenText(o.changes.due_at, preview.time_zone)}
                </span>
              )}
              {props.actions?.(o, preview.time_zone)}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
