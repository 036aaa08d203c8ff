import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { toast } from '../../../components/toasts.js';
import { describeError } from '../../../lib/api.js';
import { onLive } from '../../../lib/live.js';
import { navigate } from '../../../lib/router.js';
import type { TagView, TaskView } from '../../../lib/types.js';
import { completeTask, deleteTask, listTags, listTasks, reopenTask, restoreTask } from '../api.js';
import { apiQuery, isFiltered, paramsFromView, viewFromParams, type ListView } from '../query.js';
import { FilterPanel } from './filter-panel.js';
import { TaskForm } from './task-form.js';
import { TaskRow, type RowActions } from './task-row.js';

const PAGE = 50;
export const NEW_TASK_EVENT = 'ripple:new-task';

/** Loads pages of the view until it holds at least `count` tasks (or there are no more). */
async function loadView(view: ListView, count: number): Promise<{ items: TaskView[]; cursor: string | null }> {
  const items: TaskView[] = [];
  let cursor: string | null = null;
  do {
    const page = await listTasks(apiQuery(view, Math.min(100, Math.max(PAGE, count - items.length)), cursor ?? undefined));
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor && items.length < count);
  return { items, cursor };
}

/** The task list: search, filters and sort from the URL, pages over the cursor, kept live. */
export function TasksPage(props: { params: URLSearchParams }) {
  const view = viewFromParams(props.params);
  const viewKey = paramsFromView(view).toString();
  const [items, setItems] = useState<TaskView[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const [error, setError] = useState('');
  const [tags, setTags] = useState<TagView[]>([]);
  const [editing, setEditing] = useState<TaskView | 'new' | null>(null);
  const [q, setQ] = useState(view.q);
  const [now, setNow] = useState(Date.now());
  const seq = useRef(0);
  // How many tasks the user asked to see (a page, one more per "Load more").
  const wanted = useRef(PAGE);
  const shown = useRef({ count: 0, more: false });
  shown.current = { count: items.length, more: cursor !== null };
  // How many a reload brings back, decided when it starts: as many as wanted or shown, and when the
  // list was complete, the ones that arrived since (a new task must not push the last one behind
  // "Load more").
  const keep = () => Math.max(wanted.current, shown.current.more ? shown.current.count : shown.current.count + PAGE);

  const go = (next: ListView) => navigate('/', paramsFromView(next));

  const reload = useCallback(
    async (count: number) => {
      const mine = ++seq.current;
      try {
        const page = await loadView(viewFromParams(new URLSearchParams(viewKey)), count);
        if (mine !== seq.current) return;
        setItems(page.items);
        setCursor(page.cursor);
        setState('ready');
        setNow(Date.now());
      } catch (err) {
        if (mine !== seq.current) return;
        setError(describeError(err));
        setState('error');
      }
    },
    [viewKey],
  );

  useEffect(() => {
    setState('loading');
    wanted.current = PAGE;
    void reload(PAGE);
  }, [reload]);

  useEffect(() => setQ(view.q), [view.q]);
  // The search box waits for a pause in typing (300 ms) before it changes the view.
  useEffect(() => {
    if (q === view.q) return;
    const timer = setTimeout(() => go({ ...view, q }), 300);
    return () => clearTimeout(timer);
  }, [q]);

  const refreshTags = () => void listTags().then(setTags, () => {});
  useEffect(refreshTags, []);

  // A change from anywhere (this tab, another tab, another device) reloads what is shown.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = onLive((event) => {
      if (event.kind === 'notification') return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        void reload(keep());
        refreshTags();
      }, 100);
    });
    return () => {
      clearTimeout(timer);
      off();
    };
  }, [reload]);

  useEffect(() => {
    const open = () => setEditing('new');
    addEventListener(NEW_TASK_EVENT, open);
    const tick = setInterval(() => setNow(Date.now()), 60_000);
    return () => {
      removeEventListener(NEW_TASK_EVENT, open);
      clearInterval(tick);
    };
  }, []);

  const after = async (work: Promise<unknown>) => {
    try {
      await work;
    } catch (err) {
      toast(describeError(err), { tone: 'error' });
    }
    await reload(keep());
  };

  const actions: RowActions = {
    toggle: (task) => {
      const done = task.status === 'completed';
      // At once on screen; a reload already under way would show the old state, so it is dropped.
      seq.current++;
      setItems((list) => list.map((t) => (t.id === task.id ? { ...t, status: done ? 'pending' : 'completed' } : t)));
      void after(done ? reopenTask(task.id) : completeTask(task.id));
    },
    edit: (task) => setEditing(task),
    remove: (task) =>
      void after(
        deleteTask(task.id).then(() =>
          toast(`Deleted "${task.title}"`, { action: { label: 'Undo', run: () => void after(restoreTask(task.id)) } }),
        ),
      ),
  };

  // One more page, as a reload of everything wanted: a live reload that comes meanwhile then brings
  // the same tasks, instead of dropping the page the user asked for.
  const loadMore = () => {
    if (!cursor) return;
    wanted.current = items.length + PAGE;
    void reload(wanted.current);
  };

  return (
    <main class="tasks-page">
      <div class="toolbar">
        <label for="search" class="visually-hidden">
          Search tasks
        </label>
        <input id="search" type="search" placeholder="Search tasks  ( / )" value={q} onInput={(e) => setQ(e.currentTarget.value)} autocomplete="off" />
        <button type="button" class="primary" onClick={() => setEditing('new')} aria-keyshortcuts="n">
          New task <kbd>n</kbd>
        </button>
      </div>
      <FilterPanel view={view} tags={tags} onChange={go} />
      {state === 'error' && (
        <p class="error" role="alert">
          {error}{' '}
          <button type="button" onClick={() => void reload(PAGE)}>
            Try again
          </button>
        </p>
      )}
      <p class="count" aria-live="polite">
        {state === 'loading' ? 'Loading…' : `${items.length}${cursor ? '+' : ''} ${items.length === 1 ? 'task' : 'tasks'}`}
      </p>
      {state === 'ready' && items.length === 0 && (
        <p class="empty">{isFiltered(view) ? 'No task matches this view.' : 'Nothing to do. Press n to create a task.'}</p>
      )}
      <ul class="task-list" aria-label="Tasks">
        {items.map((task) => (
          <TaskRow key={task.id} task={task} now={now} actions={actions} />
        ))}
      </ul>
      {cursor && (
        <button type="button" class="more" onClick={loadMore}>
          Load more
        </button>
      )}
      {editing && (
        <TaskForm
          task={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(task) => {
            setEditing(null);
            toast(editing === 'new' ? `Created "${task.title}"` : `Saved "${task.title}"`);
            void reload(keep());
            refreshTags();
          }}
        />
      )}
    </main>
  );
}
