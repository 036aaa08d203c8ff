import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { toast } from '../../../components/toasts.js';
import { ApiError, describeError } from '../../../lib/api.js';
import { onIntent } from '../../../lib/intents.js';
import { onLive } from '../../../lib/live.js';
import { navigate } from '../../../lib/router.js';
import { session } from '../../../lib/session.js';
import type { TagView, TaskView } from '../../../lib/types.js';
import { listMembers } from '../../projects/api.js';
import { ProjectHead } from '../../projects/components/project-head.js';
import { ProjectSwitcher } from '../../projects/components/project-switcher.js';
import { useProjects } from '../../projects/store.js';
import { offerPush } from '../../notifications/push.js';
import { completeTask, deleteTask, getTask, listTags, listTasks, reopenTask, restoreTask } from '../api.js';
import { successorNotice } from '../notices.js';
import { apiQuery, isFiltered, paramsFromView, viewFromParams, viewProblems, type ListView } from '../query.js';
import { FilterPanel } from './filter-panel.js';
import { TaskForm } from './task-form.js';
import { TaskRow, type RowActions } from './task-row.js';

const PAGE = 50;

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
  const [state, setState] = useState<'loading' | 'ready' | 'error' | 'invalid'>('loading');
  const [error, setError] = useState('');
  const [tags, setTags] = useState<TagView[] | null>(null);
  const [editing, setEditing] = useState<TaskView | 'new' | null>(null);
  const [q, setQ] = useState(view.q);
  const [now, setNow] = useState(Date.now());
  const seq = useRef(0);
  // The view whose rows are shown.
  const shownKey = useRef<string | null>(null);
  // How many tasks the user asked to see (a page, one more per "Load more").
  const wanted = useRef(PAGE);
  const shown = useRef({ count: 0, more: false });
  shown.current = { count: items.length, more: cursor !== null };
  // How many a reload brings back, decided when it starts: as many as wanted or shown, and when the
  // list was complete, the ones that arrived since (a new task must not push the last one behind
  // "Load more").
  const keep = () => Math.max(wanted.current, shown.current.more ? shown.current.count : shown.current.count + PAGE);

  const go = (next: ListView, replace = false) => navigate('/', paramsFromView(next), { replace });
  const { projects } = useProjects();
  const project = projects?.find((p) => p.id === view.project) ?? null;
  // What in the URL cannot be shown; unknown tags and projects only once the user's are known.
  const problems = viewProblems(props.params, tags?.map((t) => t.name) ?? null, projects?.map((p) => p.id) ?? null);
  const blocked = problems.length > 0;

  const reload = useCallback(
    async (count: number) => {
      const mine = ++seq.current;
      if (blocked) return;
      try {
        const page = await loadView(viewFromParams(new URLSearchParams(viewKey)), count);
        if (mine !== seq.current) return;
        shownKey.current = viewKey;
        setItems(page.items);
        setCursor(page.cursor);
        setState('ready');
        setNow(Date.now());
      } catch (err) {
        if (mine !== seq.current) return;
        // The rows of another view are not shown under this one's error.
        if (shownKey.current !== viewKey) {
          setItems([]);
          setCursor(null);
        }
        // A view the API refuses (400) is a view to clear, not a server to retry.
        setError(err instanceof ApiError && err.status === 400 ? `This view cannot be shown: ${describeError(err)}` : describeError(err));
        setState(err instanceof ApiError && err.status === 400 ? 'invalid' : 'error');
      }
    },
    [viewKey, blocked],
  );

  useEffect(() => {
    setState('loading');
    wanted.current = PAGE;
    void reload(PAGE);
  }, [reload]);

  useEffect(() => setQ(view.q), [view.q]);
  // The search box waits for a pause in typing (300 ms) before it changes the view. One search is
  // one history entry: the first pause adds it, later ones (while the box keeps focus) replace it.
  const searched = useRef(false);
  useEffect(() => {
    if (q === view.q) return;
    const timer = setTimeout(() => {
      go({ ...view, q }, searched.current);
      searched.current = true;
    }, 300);
    return () => clearTimeout(timer);
  }, [q]);

  // Names of the members of a shared project, for the rows' assignees.
  const [people, setPeople] = useState<Map<string, string>>(new Map());
  const shared = project && project.member_count > 1 ? project.id : null;
  useEffect(() => {
    if (!shared) return setPeople(new Map());
    listMembers(shared).then((list) => setPeople(new Map(list.map((m) => [m.user_id, m.name ?? m.email]))), () => {});
  }, [shared, project?.member_count]);
  const me = session.get()?.user.id;
  const assignee = (id: string | null) => (id === null ? null : id === me ? 'you' : (people.get(id) ?? 'a member'));

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

  // New task, open a task, search: asked by a key or a notification, here or from another screen.
  useEffect(() => {
    const off = onIntent((intent) => {
      if (intent.kind === 'new') setEditing('new');
      else if (intent.kind === 'search') document.getElementById('search')?.focus();
      else getTask(intent.id).then(setEditing, (err) => toast(describeError(err), { tone: 'error' }));
    });
    const tick = setInterval(() => setNow(Date.now()), 60_000);
    return () => {
      off();
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

  const showStatus = (task: TaskView, status: TaskView['status']) => setItems((list) => list.map((t) => (t.id === task.id ? { ...t, status } : t)));
  /** Reopens, and says so when the occurrence its completion created stays because it was changed. */
  const reopen = async (task: TaskView) => {
    const answer = await reopenTask(task.id);
    if (answer.successor?.outcome === 'kept') {
      const next = await getTask(answer.successor.id).catch(() => null);
      const text = successorNotice(answer.successor, next?.due_at);
      if (text) toast(text);
    }
  };
  const actions: RowActions = {
    toggle: (task) => {
      const done = task.status === 'completed';
      // At once on screen; a reload already under way would show the old state, so it is dropped.
      seq.current++;
      showStatus(task, done ? 'pending' : 'completed');
      void (async () => {
        try {
          if (done) await reopen(task);
          else {
            await completeTask(task.id);
            toast(`Completed "${task.title}"`, { action: { label: 'Undo', run: () => void after(reopen(task)) } });
          }
        } catch (err) {
          // Not done on the server: the row goes back to how it was, and the user is told.
          seq.current++;
          showStatus(task, task.status);
          toast(`Could not ${done ? 'reopen' : 'complete'} "${task.title}": ${describeError(err)}`, { tone: 'error' });
          return;
        }
        await reload(keep());
      })();
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

  // Clearing keeps the project when it is one of the user's.
  const clear = () => navigate('/', project ? { project: project.id } : {});
  return (
    <main class="tasks-page" id="main" tabIndex={-1}>
      <ProjectSwitcher projects={projects} current={view.project} />
      <div class="list-side">
      {project ? <ProjectHead project={project} /> : <h2 class="visually-hidden">Tasks</h2>}
      <div class="toolbar">
        <label for="search" class="visually-hidden">
          Search tasks
        </label>
        <input
          id="search"
          type="search"
          placeholder="Search tasks  ( / )"
          value={q}
          onInput={(e) => setQ(e.currentTarget.value)}
          onBlur={() => (searched.current = false)}
          autocomplete="off"
          aria-keyshortcuts="/"
        />
        <button type="button" id="new-task" class="primary" onClick={() => setEditing('new')} aria-keyshortcuts="n">
          New task <kbd aria-hidden="true">n</kbd>
        </button>
      </div>
      <FilterPanel view={view} tags={tags ?? []} onChange={go} />
      {blocked || state === 'invalid' ? (
        <div class="error problem" role="alert">
          <p>{blocked ? 'This view cannot be shown:' : error}</p>
          {blocked && (
            <ul>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
          <button type="button" onClick={clear}>
            Clear filters
          </button>
        </div>
      ) : state === 'error' ? (
        <div class="error problem" role="alert">
          <p>{error}</p>
          <button type="button" onClick={() => void reload(keep())}>
            Try again
          </button>
        </div>
      ) : (
        <p class="count" aria-live="polite">
          {state === 'loading' ? 'Loading…' : `${items.length}${cursor ? '+' : ''} ${items.length === 1 ? 'task' : 'tasks'}`}
        </p>
      )}
      {state === 'ready' && !blocked && items.length === 0 && (
        <p class="empty">{isFiltered(view) ? 'No task matches this view.' : 'Nothing to do. Press n to create a task.'}</p>
      )}
      <ul class="task-list" aria-label="Tasks">
        {!blocked &&
          state !== 'invalid' &&
          items.map((task) => <TaskRow key={task.id} task={task} now={now} actions={actions} assignee={assignee(task.assignee_id)} />)}
      </ul>
      {cursor && !blocked && (
        <button type="button" class="more" onClick={loadMore}>
          Load more
        </button>
      )}
      {editing && (
        <TaskForm
          key={editing === 'new' ? 'new' : editing.id}
          task={editing === 'new' ? null : editing}
          projectId={project?.id}
          onClose={() => setEditing(null)}
          onSaved={(task) => {
            setEditing(null);
            toast(editing === 'new' ? `Created "${task.title}"` : `Saved "${task.title}"`);
            // A reminder set is when to ask whether reminders may reach this browser with Ripple closed.
            if (task.remind_at) offerPush().catch(() => {});
            void reload(keep());
            refreshTags();
          }}
        />
      )}
      </div>
    </main>
  );
}
