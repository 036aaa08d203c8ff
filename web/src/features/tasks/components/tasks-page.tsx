import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { toast } from '../../../components/toasts.js';
import { Problem } from '../../../components/loaded.js';
import { ApiError, describeError, prefetch, takeEarlyAnswer } from '../../../lib/api.js';
import { afterFirstView, firstViewShown } from '../../../lib/first-view.js';
import { onIntent } from '../../../lib/intents.js';
import { onLive } from '../../../lib/live.js';
import { navigate } from '../../../lib/router.js';
import { session } from '../../../lib/session.js';
import type { TagView, TaskView } from '../../../lib/types.js';
import { listMembers } from '../../projects/api.js';
import { browserTimeZone } from '../../../lib/time.js';
import { ProjectHead } from '../../projects/components/project-head.js';
import { QuickAdd } from '../../quick-add/components/quick-add.js';
import { useProjects } from '../../projects/store.js';
import { Sidebar, viewTitle } from '../../views/components/sidebar.js';
import { viewEnd } from '../../views/days.js';
import {
  completeTask,
  deleteTask,
  getTask,
  listTags,
  listTasks,
  patchTask,
  reopenTask,
  restoreTask,
  type TaskPage,
} from '../api.js';
import { offerPush } from '../../notifications/push.js';
import { successorNotice } from '../notices.js';
import { positionAt, reordered } from '../order.js';
import {
  apiQuery,
  isFiltered,
  nested,
  paramsFromView,
  viewFromParams,
  viewProblems,
  type ListView,
} from '../query.js';
import { revertEdit, undoable } from '../work.js';
import { BulkBar } from './bulk-bar.js';
import { FilterPanel } from './filter-panel.js';
import { ShortcutsDialog } from './shortcuts.js';
import { TaskForm } from './task-form.js';
import { TaskList, type ListSetup } from './task-list.js';
import type { RowActions } from './task-row.js';
import { useBulk } from './use-bulk.js';
import { useRowFocus } from './use-row-focus.js';
import { useRowKeys } from './use-row-keys.js';

const PAGE = 50;

/** The user's time zone (where Today and Upcoming count days), else this browser's. */
const userZone = () => session.get()?.user.timezone ?? browserTimeZone();

/** Where Today (1 day) and Upcoming (14) end, in the user's zone; other views have no such bound. */
const dueByOf = (view: ListView) =>
  view.view === 'today' || view.view === 'upcoming'
    ? viewEnd(Date.now(), view.view === 'today' ? 1 : 14, userZone())
    : undefined;

/** Loads pages of the view until it holds at least `count` tasks (or there are no more). */
async function loadView(
  view: ListView,
  count: number,
): Promise<{ items: TaskView[]; cursor: string | null }> {
  const items: TaskView[] = [];
  let cursor: string | null = null;
  const dueBy = dueByOf(view);
  do {
    const page = await listTasks(
      apiQuery(
        view,
        Math.min(100, Math.max(PAGE, count - items.length)),
        cursor ?? undefined,
        dueBy,
      ),
    );
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor && items.length < count);
  return { items, cursor };
}

const firstPageQuery = (view: ListView) => apiQuery(view, PAGE, undefined, dueByOf(view));

/**
 * Asks for a view's first page before the page is drawn (main.tsx): the list draws with the answer if it
 * has come by then, else its first load takes it when it does. Settles once the answer is in.
 */
export function prefetchView(params: URLSearchParams): Promise<void> {
  return prefetch('/api/tasks', firstPageQuery(viewFromParams(params)));
}

/** The task list: search, filters and sort from the URL, pages over the cursor, kept live. */
export function TasksPage(props: { params: URLSearchParams }) {
  const view = viewFromParams(props.params);
  const viewKey = paramsFromView(view).toString();
  // The first page asked for before the app was drawn, when it has come: drawn at once, not loaded again.
  const [seed] = useState(() => takeEarlyAnswer<TaskPage>('/api/tasks', firstPageQuery(view)));
  const [items, setItems] = useState<TaskView[]>(seed?.items ?? []);
  const [cursor, setCursor] = useState<string | null>(seed?.next_cursor ?? null);
  const [state, setState] = useState<'loading' | 'ready' | 'error' | 'invalid'>(
    seed ? 'ready' : 'loading',
  );
  const [error, setError] = useState('');
  const [tags, setTags] = useState<TagView[] | null>(null);
  const [editing, setEditing] = useState<TaskView | 'new' | null>(null);
  const [editFocus, setEditFocus] = useState<'tags' | undefined>(undefined);
  const [helping, setHelping] = useState(false);
  // Parents whose subtasks are shown, with them once loaded.
  const [open, setOpen] = useState<ReadonlyMap<string, TaskView[] | undefined>>(new Map());
  // Tasks added inline that the loaded pages do not reach (a long list, added at its end): shown anyway.
  const [added, setAdded] = useState<TaskView[]>([]);
  const openRef = useRef(open);
  openRef.current = open;
  const [q, setQ] = useState(view.q);
  const [now, setNow] = useState(Date.now());
  const seq = useRef(0);
  // The view whose rows are shown.
  const shownKey = useRef<string | null>(seed ? viewKey : null);
  // How many tasks the user asked to see (a page, one more per "Load more").
  const wanted = useRef(PAGE);
  const shown = useRef({ count: 0, more: false });
  shown.current = { count: items.length, more: cursor !== null };
  // How many a reload brings back, decided when it starts: as many as wanted or shown, and when the
  // list was complete, the ones that arrived since (a new task must not push the last one behind
  // "Load more").
  const keep = () =>
    Math.max(wanted.current, shown.current.more ? shown.current.count : shown.current.count + PAGE);

  const zone = userZone();
  const go = (next: ListView, replace = false) => navigate('/', paramsFromView(next), { replace });
  const { projects } = useProjects();
  const project = projects?.find((p) => p.id === view.project) ?? null;
  // What in the URL cannot be shown; unknown tags and projects only once the user's are known.
  const problems = viewProblems(
    props.params,
    tags?.map((t) => t.name) ?? null,
    projects?.map((p) => p.id) ?? null,
  );
  const blocked = problems.length > 0;

  const reload = useCallback(
    async (count: number) => {
      const mine = ++seq.current;
      if (blocked) return;
      try {
        const shownView = viewFromParams(new URLSearchParams(viewKey));
        const [page, subs] = await Promise.all([
          loadView(shownView, count),
          nested(shownView) ? loadSubtasks([...openRef.current.keys()]) : null,
        ]);
        if (mine !== seq.current) return;
        // The parents open now, not those open when the reload began: one opened meanwhile (a, or its toggle) stays open.
        if (subs)
          setOpen(
            (now) =>
              new Map([...now].map(([id, list]) => [id, subs.has(id) ? subs.get(id) : list])),
          );
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
        setError(
          err instanceof ApiError && err.status === 400
            ? `This view cannot be shown: ${describeError(err)}`
            : describeError(err),
        );
        setState(err instanceof ApiError && err.status === 400 ? 'invalid' : 'error');
      }
    },
    // A time zone changed (here, or read again from the server) moves the days of Today and Upcoming.
    [viewKey, blocked, zone],
  );

  const seeded = useRef(Boolean(seed));
  useEffect(() => {
    wanted.current = PAGE;
    bulk.clear();
    setAdded((list) => (list.length ? [] : list));
    if (seeded.current) seeded.current = false;
    else {
      setState('loading');
      void reload(PAGE);
    }
    // The sidebar's tags with the list: a tag made while no live event reached this tab shows on the next view.
    return afterFirstView(refreshTags);
  }, [reload]);
  // The rest of the shell waits for this (lib/first-view.ts); a view refused before any request counts as shown.
  useEffect(() => {
    if (state !== 'loading' || blocked) firstViewShown();
  }, [state, blocked]);

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
    // Nothing to forget keeps the state as it is: a new empty map would draw every row again on each first load.
    if (!shared) return setPeople((known) => (known.size ? new Map() : known));
    listMembers(shared).then(
      (list) => setPeople(new Map(list.map((m) => [m.user_id, m.name ?? m.email]))),
      () => {},
    );
  }, [shared, project?.member_count]);
  const me = session.get()?.user.id;
  const assignee = (id: string | null) =>
    id === null ? null : id === me ? 'you' : (people.get(id) ?? 'a member');

  // The latest request's answer wins: under load an older one (from before a tag was made) can come back last.
  const tagSeq = useRef(0);
  const refreshTags = () => {
    const mine = ++tagSeq.current;
    listTags().then(
      (list) => mine === tagSeq.current && setTags(list),
      () => {},
    );
  };

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
      if (intent.kind === 'new') edit('new');
      else if (intent.kind === 'search') document.getElementById('search')?.focus();
      else
        getTask(intent.id).then(setEditing, (err) => toast(describeError(err), { tone: 'error' }));
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

  const showStatus = (task: TaskView, status: TaskView['status']) => {
    setItems((list) => list.map((t) => (t.id === task.id ? { ...t, status } : t)));
    setOpen(
      (subs) =>
        new Map(
          [...subs].map(([id, list]) => [
            id,
            list?.map((t) => (t.id === task.id ? { ...t, status } : t)),
          ]),
        ),
    );
  };
  /** Reopens, and says so when the occurrence its completion created stays because it was changed. */
  const reopen = async (task: TaskView) => {
    const answer = await reopenTask(task.id);
    if (answer.successor?.outcome === 'kept') {
      const next = await getTask(answer.successor.id).catch(() => null);
      const text = successorNotice(answer.successor, next?.due_at);
      if (text) toast(text);
    }
  };
  const edit = (task: TaskView | 'new', focus?: 'tags') => {
    setEditFocus(focus);
    setEditing(task);
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
            undoable(`Completed "${task.title}"`, () => reopen(task), after);
          }
        } catch (err) {
          // Not done on the server: the row goes back to how it was, and the user is told.
          seq.current++;
          showStatus(task, task.status);
          toast(
            `Could not ${done ? 'reopen' : 'complete'} "${task.title}": ${describeError(err)}`,
            { tone: 'error' },
          );
          return;
        }
        await reload(keep());
      })();
    },
    edit: (task) => edit(task),
    remove: (task) =>
      void after(
        deleteTask(task.id).then(() =>
          undoable(`Deleted "${task.title}"`, () => restoreTask(task.id), after),
        ),
      ),
  };

  const loadSubtasks = async (parents: string[]) =>
    new Map(
      await Promise.all(
        parents.map(
          async (id) =>
            [
              id,
              (
                await listTasks({
                  parent_id: id,
                  status: 'all',
                  sort: 'position',
                  order: 'asc',
                  limit: '100',
                })
              ).items,
            ] as const,
        ),
      ),
    );
  const toggleSubtasks = (task: TaskView) => {
    if (open.has(task.id)) return setOpen((m) => new Map([...m].filter(([id]) => id !== task.id)));
    setOpen((m) => new Map(m).set(task.id, undefined));
    void loadSubtasks([task.id]).then(
      (m) => setOpen((now) => (now.has(task.id) ? new Map(now).set(task.id, m.get(task.id)) : now)),
      (err) => toast(describeError(err), { tone: 'error' }),
    );
  };

  // A project in manual order, unfiltered: rows move by drag or Alt+↑/↓ (and Undo puts them back).
  const reorderable =
    Boolean(project) && view.sort === 'position' && view.order === 'asc' && nested(view);
  const moveTo = (task: TaskView, to: number) => {
    const list = items.filter((t) => t.parent_id === null);
    if (to < 0 || to > list.length - 1) return;
    const position = positionAt(list, task, to);
    seq.current++;
    setItems(reordered(items, task, position));
    // Moving its row in the document takes focus from it: it goes back.
    const row = () =>
      document.querySelector<HTMLElement>(`main li.task[data-task-id="${task.id}"]`);
    if (document.activeElement === row()) requestAnimationFrame(() => row()?.focus());
    void after(
      patchTask(task.id, { position }).then(() =>
        undoable(
          `Moved "${task.title}"`,
          () => patchTask(task.id, { position: task.position }),
          after,
        ),
      ),
    );
  };

  const all = () => [...items, ...[...open.values()].flatMap((l) => l ?? [])];
  const find = (id: string) => all().find((t) => t.id === id);
  const bulk = useBulk(all, (work) => void after(work));
  const { selecting, selected, select } = bulk;
  const clearSelection = bulk.clear;

  useRowKeys({
    find,
    complete: actions.toggle,
    edit,
    remove: actions.remove,
    select: (task) => select(task, !selected.has(task.id)),
    subtasks: (task) => {
      if (!nested(view) || task.parent_id) return;
      if (!open.has(task.id)) toggleSubtasks(task);
      // Once shown (the field is there at once; the subtasks follow), to the field that adds one.
      setTimeout(() => document.getElementById(`add-sub-${task.id}`)?.focus());
    },
    move: (task, by) => {
      if (!reorderable || task.parent_id) return;
      const list = items.filter((t) => t.parent_id === null);
      moveTo(task, list.indexOf(task) + by);
    },
    help: () => setHelping(true),
    clear: clearSelection,
  });

  const { activeId, onFocusIn } = useRowFocus([items, open]);

  // One more page, as a reload of everything wanted: a live reload that comes meanwhile then brings
  // the same tasks, instead of dropping the page the user asked for.
  const loadMore = () => {
    if (!cursor) return;
    wanted.current = items.length + PAGE;
    void reload(wanted.current);
  };

  // Clearing keeps the project when it is one of the user's.
  const clear = () => navigate('/', project ? { project: project.id } : {});
  const byDay = view.view === 'today' || view.view === 'upcoming';
  const hidden = blocked || state === 'invalid';
  const setup: ListSetup = {
    now,
    timeZone: zone,
    actions,
    assignee,
    byDay,
    nested: nested(view),
    activeId: activeId && items.some((t) => t.id === activeId) ? activeId : (items[0]?.id ?? null),
    selecting,
    selected,
    onSelect: select,
    open,
    toggleSubtasks,
    // A new task goes into the project shown (else the Inbox), on the day of its group.
    addPlace:
      view.view === 'assigned' || isFiltered(view)
        ? null
        : project
          ? { project_id: project.id }
          : {},
    onAdded: (task) => {
      toast(`Added "${task.title}"`);
      if (task.parent_id)
        setOpen((m) => new Map(m).set(task.parent_id!, [...(m.get(task.parent_id!) ?? []), task]));
      else setAdded((list) => [...list, task]);
      void reload(keep());
    },
    reorder: reorderable ? moveTo : null,
  };
  const title = viewTitle(view, projects);
  return (
    <main class="tasks-page" id="main" tabIndex={-1}>
      <Sidebar view={view} projects={projects} tags={tags} />
      <div class="list-side" onFocusIn={onFocusIn}>
        {project ? <ProjectHead project={project} /> : <h2 class="view-title">{title}</h2>}
        <QuickAdd
          projectId={project?.id}
          onCreated={() => {
            void reload(keep());
            refreshTags();
          }}
        />
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
          <button
            type="button"
            id="new-task"
            class="primary"
            onClick={() => edit('new')}
            aria-keyshortcuts="n"
          >
            New task <kbd aria-hidden="true">n</kbd>
          </button>
          <button
            type="button"
            aria-pressed={selecting}
            onClick={() => (selecting ? clearSelection() : bulk.setSelecting(true))}
            aria-keyshortcuts="s"
          >
            Select
          </button>
          <button
            type="button"
            class="icon"
            aria-label="Keyboard shortcuts"
            onClick={() => setHelping(true)}
            aria-keyshortcuts="?"
          >
            ?
          </button>
        </div>
        {!byDay && <FilterPanel view={view} tags={tags ?? []} onChange={go} />}
        {selecting && (
          <BulkBar count={selected.size} projects={projects ?? []} actions={bulk.actions} />
        )}
        {hidden ? (
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
          <Problem text={error} retry={() => void reload(keep())} />
        ) : (
          <p class="count" aria-live="polite">
            {state === 'loading'
              ? 'Loading…'
              : `${items.length}${cursor ? '+' : ''} ${items.length === 1 ? 'task' : 'tasks'}`}
          </p>
        )}
        {state === 'ready' && !hidden && items.length === 0 && !byDay && (
          <p class="empty">
            {isFiltered(view) || view.view
              ? 'No task matches this view.'
              : 'Nothing to do. Press n to create a task.'}
          </p>
        )}
        <TaskList
          tasks={
            cursor ? [...items, ...added.filter((a) => !items.some((t) => t.id === a.id))] : items
          }
          setup={setup}
          hidden={hidden || state === 'loading'}
        />
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
            {...(editFocus ? { focus: editFocus } : {})}
            onClose={() => setEditing(null)}
            onSaved={(task) => {
              setEditing(null);
              if (editing === 'new') toast(`Created "${task.title}"`);
              else if (task.version !== editing.version)
                undoable(`Saved "${task.title}"`, () => revertEdit(editing, task), after);
              else toast(`Saved "${task.title}"`);
              // A reminder set is when to ask whether reminders may reach this browser with Ripple closed.
              if (task.remind_at) offerPush().catch(() => {});
              void reload(keep());
              refreshTags();
            }}
          />
        )}
        {helping && <ShortcutsDialog onClose={() => setHelping(false)} />}
      </div>
    </main>
  );
}
