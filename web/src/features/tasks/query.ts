import { joinList, splitList } from '../../../../functions/_shared/schemas/list-param.js';
import { dayBound } from '../../lib/time.js';

export const SORTS = [
  ['created_at', 'Created'],
  ['updated_at', 'Updated'],
  ['due_at', 'Due date'],
  ['priority', 'Priority'],
  ['title', 'Title'],
  ['position', 'Manual order'],
] as const;
/** The views of the sidebar that are not a project, a tag or a filter: Today, Upcoming, Assigned to me. */
export const VIEWS = ['today', 'upcoming', 'assigned'] as const;
export type ViewName = (typeof VIEWS)[number] | '';
export const STATUSES = ['pending', 'completed', 'all'] as const;
export const PRIORITY_NAMES = ['urgent', 'high', 'medium', 'low'] as const;

/** The task list's view, as it is kept in the URL. Dates are calendar days in the browser's zone. */
export interface ListView {
  q: string;
  status: (typeof STATUSES)[number];
  priority: string[];
  tags: string[];
  due_from: string;
  due_to: string;
  overdue: boolean;
  sort: (typeof SORTS)[number][0];
  order: 'asc' | 'desc';
  /** One project's tasks, or '' for all the user can see. */
  project: string;
  /** Today (due by the end of today, overdue too), Upcoming (the next 14 days), Assigned to me, or '' (a list). */
  view: ViewName;
}

/** Today and Upcoming show by due date; a project, in its manual order; any other list, newest first. */
export function defaultSort(view: ViewName, project: string): ListView['sort'] {
  return view === 'today' || view === 'upcoming' ? 'due_at' : project ? 'position' : 'created_at';
}
/** The order a sort goes in unless the URL says otherwise: days and the manual order ascend. */
const defaultOrder = (view: ViewName, sort: ListView['sort']): ListView['order'] =>
  sort === 'position' || ((view === 'today' || view === 'upcoming') && sort === 'due_at')
    ? 'asc'
    : 'desc';

// Lists as the API takes them: comma-separated, `\,` for a comma inside a name (a tag "Smith, J.").
const list = (v: string | null) => (v ? splitList(v) : []);
const oneOf = <T extends string>(v: string | null, allowed: readonly T[], fallback: T): T =>
  allowed.includes(v as T) ? (v as T) : fallback;
/** A calendar day that exists: 2026-02-30 and 2026-13-45 do not. */
export const isDay = (v: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(v) &&
  !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
  new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
const DAY = { test: (v: string) => isDay(v) };

/** Reads a view from URL parameters; anything unknown or malformed falls back to the default. */
export function viewFromParams(p: URLSearchParams): ListView {
  const view = oneOf(p.get('view'), [...VIEWS, ''], '');
  const project = p.get('project') ?? '';
  const sort = oneOf(
    p.get('sort'),
    SORTS.map(([s]) => s),
    defaultSort(view, project),
  );
  return {
    q: p.get('q') ?? '',
    status: oneOf(p.get('status'), STATUSES, 'pending'),
    priority: list(p.get('priority')).filter((x) =>
      (PRIORITY_NAMES as readonly string[]).includes(x),
    ),
    tags: list(p.get('tags')),
    due_from: DAY.test(p.get('due_from') ?? '') ? p.get('due_from')! : '',
    due_to: DAY.test(p.get('due_to') ?? '') ? p.get('due_to')! : '',
    overdue: p.get('overdue') === 'true',
    sort,
    order: oneOf(p.get('order'), ['asc', 'desc'], defaultOrder(view, sort)),
    project,
    view,
  };
}

/** The URL parameters of a view, leaving out defaults so links stay short. */
export function paramsFromView(v: ListView): URLSearchParams {
  const p = new URLSearchParams();
  if (v.q) p.set('q', v.q);
  if (v.status !== 'pending') p.set('status', v.status);
  if (v.priority.length) p.set('priority', joinList(v.priority));
  if (v.tags.length) p.set('tags', joinList(v.tags));
  if (v.due_from) p.set('due_from', v.due_from);
  if (v.due_to) p.set('due_to', v.due_to);
  if (v.overdue) p.set('overdue', 'true');
  if (v.sort !== defaultSort(v.view, v.project)) p.set('sort', v.sort);
  if (v.order !== defaultOrder(v.view, v.sort)) p.set('order', v.order);
  if (v.project) p.set('project', v.project);
  if (v.view) p.set('view', v.view);
  return p;
}

/**
 * The GET /api/tasks query for a view. `dueBy`: the last instant Today or Upcoming shows (from the
 * user's time zone). A plain list (all tasks or a project's, unfiltered) shows subtasks under their parents.
 */
export function apiQuery(
  v: ListView,
  limit: number,
  cursor?: string,
  dueBy?: string,
): Record<string, string | undefined> {
  const byDay = v.view === 'today' || v.view === 'upcoming';
  return {
    due_to: byDay && dueBy ? dueBy : v.due_to ? dayBound(v.due_to, 'end') : undefined,
    assigned_to: v.view === 'assigned' ? 'me' : undefined,
    parent_id: nested(v) ? 'none' : undefined,
    q: v.q.trim() || undefined,
    status: v.status,
    priority: joinList(v.priority) || undefined,
    tags: joinList(v.tags) || undefined,
    due_from: v.due_from ? dayBound(v.due_from, 'start') : undefined,
    overdue: v.overdue ? 'true' : undefined,
    sort: v.sort,
    order: v.order,
    project_id: v.project || undefined,
    limit: String(limit),
    cursor,
  };
}

/** Whether subtasks show under their parents (a plain list) rather than as rows of their own (a view by day, tag or search). */
export const nested = (v: ListView) => v.view === '' && !isFiltered(v);

export const isFiltered = (v: ListView) =>
  Boolean(
    v.q ||
    v.status !== 'pending' ||
    v.priority.length ||
    v.tags.length ||
    v.due_from ||
    v.due_to ||
    v.overdue,
  );

/**
 * What in a view's URL cannot be shown, in words: values that are no status, priority, date or
 * sort, a due range that ends before it starts, tags the user does not have (once their tags are
 * known), a project that is not one of theirs (once their projects are known).
 */
export function viewProblems(
  p: URLSearchParams,
  knownTags: readonly string[] | null,
  knownProjects: readonly string[] | null = null,
): string[] {
  const problems: string[] = [];
  const check = (key: string, ok: (v: string) => boolean, words: (v: string) => string) => {
    const v = p.get(key);
    if (v !== null && v !== '' && !ok(v)) problems.push(words(v));
  };
  check(
    'status',
    (v) => (STATUSES as readonly string[]).includes(v),
    (v) => `"${v}" is not a status`,
  );
  for (const item of list(p.get('priority')))
    if (!(PRIORITY_NAMES as readonly string[]).includes(item))
      problems.push(`"${item}" is not a priority`);
  check('due_from', isDay, (v) => `"${v}" is not a date`);
  check('due_to', isDay, (v) => `"${v}" is not a date`);
  const from = p.get('due_from') ?? '';
  const to = p.get('due_to') ?? '';
  if (isDay(from) && isDay(to) && from > to) problems.push('The due range ends before it starts');
  check(
    'sort',
    (v) => SORTS.some(([s]) => s === v),
    (v) => `"${v}" is not a way to sort`,
  );
  check(
    'order',
    (v) => v === 'asc' || v === 'desc',
    (v) => `"${v}" is not an order`,
  );
  check(
    'overdue',
    (v) => v === 'true' || v === 'false',
    (v) => `"${v}" is not true or false`,
  );
  check(
    'view',
    (v) => (VIEWS as readonly string[]).includes(v),
    (v) => `"${v}" is not a view`,
  );
  if (knownTags) {
    const known = new Set(knownTags.map((t) => t.toLowerCase()));
    for (const tag of list(p.get('tags')))
      if (!known.has(tag.toLowerCase())) problems.push(`There is no tag "${tag}"`);
  }
  const project = p.get('project');
  if (project && knownProjects && !knownProjects.includes(project))
    problems.push(
      'This project is not one of yours (it may have been deleted, or you were removed from it)',
    );
  return problems;
}
