import { toast } from '../../../components/toasts.js';
import { describeError } from '../../../lib/api.js';
import { hrefOf } from '../../../lib/router.js';
import { setStatus, type SeriesView } from '../api.js';
import { describeRule } from '../rule.js';
import { PreviewList, whenText } from './preview-list.js';

export type CardAction =
  | { kind: 'edit' }
  | { kind: 'delete' }
  | {
      kind: 'occurrence';
      at: string;
      state: 'planned' | 'edited' | 'skipped';
      changes?: Record<string, unknown>;
      timeZone: string;
    }
  | { kind: 'following'; from: string };

const leadText = (m: number | null) =>
  m === null
    ? 'created at the start of its day'
    : m === 0
      ? 'created when due'
      : m % 1440 === 0
        ? `created ${m / 1440} day${m === 1440 ? '' : 's'} ahead`
        : m % 60 === 0
          ? `created ${m / 60} h ahead`
          : `created ${m} min ahead`;

/** One series on schedule: its rule in words, its state, its next occurrences with "this one" and "this and following", and its controls. */
export function SeriesCard(props: {
  series: SeriesView;
  version: number;
  onChanged: () => void;
  onAction: (a: CardAction) => void;
}) {
  const s = props.series;
  const status = async (action: 'pause' | 'resume' | 'end') => {
    try {
      await setStatus(s.id, action);
      toast(
        action === 'pause'
          ? `Paused “${s.title}”`
          : action === 'resume'
            ? `Resumed “${s.title}”`
            : `Ended “${s.title}”`,
      );
      props.onChanged();
    } catch (err) {
      toast(describeError(err), { tone: 'error' });
    }
  };
  const head = `series-${s.id}`;
  return (
    <li class={`series ${s.status}`} aria-labelledby={head}>
      <div class="series-head">
        <h3 id={head}>{s.title}</h3>
        <span class="kind">On schedule</span>
        {s.status !== 'active' && (
          <span class={`state ${s.status}`}>{s.status === 'paused' ? 'Paused' : 'Ended'}</span>
        )}
        {s.capped && (
          <span class="state capped" title={`Last catch-up ${whenText(s.capped.at, s.time_zone)}`}>
            Capped: {s.capped.skipped} skipped
          </span>
        )}
      </div>
      <p class="rule">
        {describeRule(s.rrule)} · {leadText(s.lead_minutes)} · {s.generated} created ·{' '}
        <a href={hrefOf('/', { q: s.title, status: 'all' })}>its tasks</a>
      </p>
      {s.status !== 'ended' && (
        <PreviewList
          rrule=""
          seriesId={s.id}
          count={4}
          version={props.version}
          label={`Next occurrences of ${s.title}`}
          actions={(o, timeZone) =>
            o.state && o.state !== 'created' ? (
              <span class="occ-actions">
                <button
                  type="button"
                  class="link"
                  onClick={() =>
                    props.onAction({
                      kind: 'occurrence',
                      at: o.at,
                      state: o.state as 'planned',
                      ...(o.changes ? { changes: o.changes } : {}),
                      timeZone,
                    })
                  }
                >
                  Edit this one
                </button>
                <button
                  type="button"
                  class="link"
                  onClick={() => props.onAction({ kind: 'following', from: o.at })}
                >
                  This and following
                </button>
              </span>
            ) : null
          }
        />
      )}
      <div class="buttons">
        {s.status !== 'ended' && (
          <button type="button" onClick={() => props.onAction({ kind: 'edit' })}>
            Edit series
          </button>
        )}
        {s.status === 'active' && (
          <button type="button" onClick={() => void status('pause')}>
            Pause
          </button>
        )}
        {s.status === 'paused' && (
          <button type="button" onClick={() => void status('resume')}>
            Resume
          </button>
        )}
        {s.status !== 'ended' && (
          <button type="button" onClick={() => void status('end')}>
            End
          </button>
        )}
        <button type="button" class="danger" onClick={() => props.onAction({ kind: 'delete' })}>
          Delete
        </button>
      </div>
    </li>
  );
}
