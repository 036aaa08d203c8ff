import { useEffect, useState } from 'preact/hooks';
import { Dialog } from '../../../components/dialog.js';
import { toast } from '../../../components/toasts.js';
import { describeError } from '../../../lib/api.js';
import { onLive } from '../../../lib/live.js';
import { hrefOf } from '../../../lib/router.js';
import type { TaskView } from '../../../lib/types.js';
import { describeRecurrence } from '../../tasks/recurrence.js';
import { deleteSeries, listRecurringTasks, listSeries, type SeriesView } from '../api.js';
import '../schedules.css';
import { FeedSection } from './feed-section.js';
import { OccurrenceDialog } from './occurrence-dialog.js';
import { SeriesCard, type CardAction } from './series-card.js';
import { SeriesForm } from './series-form.js';

type Open = { series: SeriesView | null; action: CardAction | { kind: 'new' } } | null;

/** Series on schedule and recurring tasks (after completion), their rules and next occurrences; and the calendar feed. */
export function SchedulesPage() {
  const [series, setSeries] = useState<SeriesView[] | null>(null);
  const [recurring, setRecurring] = useState<TaskView[]>([]);
  const [open, setOpen] = useState<Open>(null);
  const [version, setVersion] = useState(0);
  const refresh = () => {
    setVersion((v) => v + 1);
    listSeries().then(setSeries, (err: unknown) => toast(describeError(err), { tone: 'error' }));
    listRecurringTasks().then(setRecurring, () => {});
  };
  useEffect(refresh, []);
  // Occurrences the scheduler creates (or edits elsewhere) show up without a reload: once per burst of events.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = onLive(() => {
      clearTimeout(timer);
      timer = setTimeout(refresh, 400);
    });
    return () => (clearTimeout(timer), off());
  }, []);
  const done = (text?: string) => {
    setOpen(null);
    if (text) toast(text);
    refresh();
  };
  const remove = async (s: SeriesView, instances: 'keep' | 'delete') => {
    try {
      await deleteSeries(s.id, instances);
      done(
        instances === 'keep'
          ? `Deleted “${s.title}”; its tasks stay`
          : `Deleted “${s.title}” and its tasks`,
      );
    } catch (err) {
      toast(describeError(err), { tone: 'error' });
    }
  };
  const a = open?.action;
  return (
    <main id="main" tabIndex={-1} class="schedules">
      <div class="page-head">
        <h2>Schedules</h2>
        <button
          type="button"
          class="primary"
          onClick={() => setOpen({ series: null, action: { kind: 'new' } })}
        >
          New series
        </button>
      </div>
      <section aria-labelledby="on-schedule">
        <h2 id="on-schedule">On schedule</h2>
        <p class="hint">Each occurrence becomes its own task, done or not.</p>
        {series === null ? (
          <p class="empty">Loading…</p>
        ) : series.length === 0 ? (
          <p class="empty">
            No series yet. “Pay rent on the 1st”, “timesheet on the last Friday”: make one with New
            series.
          </p>
        ) : (
          <ul class="series-list" aria-label="Series">
            {series.map((s) => (
              <SeriesCard
                key={s.id}
                series={s}
                version={version}
                onChanged={refresh}
                onAction={(action) => setOpen({ series: s, action })}
              />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="after-completion">
        <h2 id="after-completion">After completion</h2>
        <p class="hint">The next one appears when this one is done.</p>
        {recurring.length === 0 ? (
          <p class="empty">No repeating tasks.</p>
        ) : (
          <ul class="series-list" aria-label="Repeating tasks">
            {recurring.map((t) => (
              <li class="series">
                <div class="series-head">
                  <h3>{t.title}</h3>
                  <span class="kind">After completion</span>
                </div>
                <p class="rule">
                  {describeRecurrence(t.recurrence!)}
                  {t.due_at &&
                    ` · next due ${new Date(t.due_at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}`}{' '}
                  · <a href={hrefOf('/', { q: t.title })}>open</a>
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <FeedSection />
      {open && a && (a.kind === 'new' || a.kind === 'edit' || a.kind === 'following') && (
        <SeriesForm
          series={open.series}
          {...(a.kind === 'following' ? { from: a.from } : {})}
          onClose={() => setOpen(null)}
          onSaved={(s) => done(a.kind === 'new' ? `Created “${s.title}”` : `Saved “${s.title}”`)}
        />
      )}
      {open?.series && a?.kind === 'occurrence' && (
        <OccurrenceDialog
          series={open.series}
          occurrence={a}
          timeZone={a.timeZone}
          onClose={() => setOpen(null)}
          onSaved={() => done('Saved this occurrence')}
        />
      )}
      {open?.series && a?.kind === 'delete' && (
        <Dialog title="Delete series?" onClose={() => setOpen(null)}>
          <p>
            “{open.series.title}” creates no more tasks. What about the {open.series.generated} it
            has made?
          </p>
          <div class="actions">
            <button type="button" onClick={() => setOpen(null)}>
              Cancel
            </button>
            <button type="button" onClick={() => void remove(open.series!, 'keep')}>
              Keep its tasks
            </button>
            <button
              type="button"
              class="danger"
              onClick={() => void remove(open.series!, 'delete')}
            >
              Delete its tasks too
            </button>
          </div>
        </Dialog>
      )}
    </main>
  );
}
