import { useEffect, useRef, useState } from 'preact/hooks';
import { Problem } from '../../../components/loaded.js';
// The catalog is plain constants (no zod): importing it costs the bundle only these names.
import { TASK_EVENTS as EVENT_TYPES } from '../../../../../functions/_shared/events/catalog.js';
import { describeError } from '../../../lib/api.js';
import { onLive } from '../../../lib/live.js';
import { navigate } from '../../../lib/router.js';
import { absoluteTime, dayBound } from '../../../lib/time.js';
import type { AuditEntry } from '../../../lib/types.js';
import { listAudit } from '../api.js';
import { changedOf } from '../changes.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Every change, newest first: filter by kind of change and days (kept in the URL), and page back in time. */
export function AuditPage(props: { params: URLSearchParams }) {
  const type = (EVENT_TYPES as readonly string[]).includes(props.params.get('event_type') ?? '')
    ? props.params.get('event_type')!
    : '';
  const from = DAY.test(props.params.get('from') ?? '') ? props.params.get('from')! : '';
  const to = DAY.test(props.params.get('to') ?? '') ? props.params.get('to')! : '';
  const taskId = /^[0-9a-f-]{36}$/i.test(props.params.get('task_id') ?? '')
    ? props.params.get('task_id')!
    : '';
  const [items, setItems] = useState<AuditEntry[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState('');
  const seq = useRef(0);

  const query = (next?: string) => ({
    event_type: type || undefined,
    task_id: taskId || undefined,
    from: from ? dayBound(from, 'start') : undefined,
    to: to ? dayBound(to, 'end') : undefined,
    limit: '50',
    cursor: next,
  });
  const load = async (append: boolean) => {
    const mine = ++seq.current;
    try {
      const page = await listAudit(query(append ? (cursor ?? undefined) : undefined));
      if (mine !== seq.current) return;
      setItems((list) => (append ? [...(list ?? []), ...page.items] : page.items));
      setCursor(page.next_cursor);
      setError('');
    } catch (err) {
      if (mine === seq.current) setError(describeError(err));
    }
  };
  useEffect(() => void load(false), [type, from, to, taskId]);
  // Live: a change anywhere shows up here. The log is written just after the change is announced,
  // so it is read again a moment later too.
  useEffect(() => {
    let timers: ReturnType<typeof setTimeout>[] = [];
    const off = onLive((event) => {
      if (event.kind === 'notification') return;
      timers.forEach(clearTimeout);
      timers = [300, 1500, 4000].map((ms) => setTimeout(() => void load(false), ms));
    });
    return () => {
      off();
      timers.forEach(clearTimeout);
    };
  }, [type, from, to, taskId]);

  /** "Changed title, priority": the entry compared with the task's previous entry, when it is loaded. */
  const whatChanged = (index: number): string => {
    const entry = items![index]!;
    if (entry.event_type !== 'updated') return '';
    const before = items!.slice(index + 1).find((e) => e.task_id === entry.task_id);
    const fields = before ? changedOf(before.task, entry.task) : [];
    return fields.length ? `Changed ${fields.join(', ')}` : '';
  };

  const set = (key: string, value: string) => {
    const params = new URLSearchParams(props.params);
    if (value) params.set(key, value);
    else params.delete(key);
    navigate('/audit', params);
  };
  return (
    <main class="audit-page" id="main" tabIndex={-1}>
      <h2>Activity</h2>
      <section class="filters" aria-label="Filter activity">
        <div class="filter-group">
          <label for="a-type">Change</label>
          <select
            id="a-type"
            value={type}
            onChange={(e) => set('event_type', e.currentTarget.value)}
          >
            <option value="">Any</option>
            {EVENT_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
          <label for="a-from">From</label>
          <input
            id="a-from"
            type="date"
            value={from}
            onChange={(e) => set('from', e.currentTarget.value)}
          />
          <label for="a-to">To</label>
          <input
            id="a-to"
            type="date"
            value={to}
            onChange={(e) => set('to', e.currentTarget.value)}
          />
          {taskId && (
            <button type="button" onClick={() => set('task_id', '')}>
              One task only: show all
            </button>
          )}
        </div>
      </section>
      {error && <Problem text={error} retry={() => void load(false)} />}
      {items === null ? (
        error ? null : (
          <p>Loading…</p>
        )
      ) : items.length === 0 ? (
        <p class="empty">No activity matches.</p>
      ) : (
        <table class="audit">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Change</th>
              <th scope="col">Task</th>
            </tr>
          </thead>
          <tbody>
            {items.map((entry, index) => (
              <tr key={entry.id}>
                <td>
                  <time dateTime={entry.occurred_at}>{absoluteTime(entry.occurred_at)}</time>
                </td>
                <td>
                  <span class={`event e-${entry.event_type}`}>{entry.event_type}</span>
                </td>
                <td>
                  {entry.task.title}
                  {whatChanged(index) && <small class="changed"> · {whatChanged(index)}</small>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor && (
        <button type="button" class="more" onClick={() => void load(true)}>
          Load more
        </button>
      )}
    </main>
  );
}
