import { sql, type RawBuilder } from 'kysely';
import type { StoredRecurrence } from '../schemas/recurrence.js';
import type { Priority, TaskSort } from '../schemas/task.js';
import { heldPlace, memberRoles, projectOfTaskHeld, readableProjects } from './access.js';
import type { OutboxEntry } from './outbox.js';
import { progressJson } from './subtasks.js';
import type { Executor, NewTask, Role, TaskRow, TaskUpdate } from './database.js';

export async function insertTask(db: Executor, task: NewTask): Promise<TaskRow> {
  return db.insertInto('tasks').values(task).returningAll().executeTakeFirstOrThrow();
}

/** A new task's own values; its project is the place insertTaskAtOnce finds. */
export interface NewTaskAtOnce {
  id: string;
  user_id: string;
  title: string;
  description: string | null;
  priority: Priority;
  due_at: Date | null;
  remind_at: Date | null;
  recurrence: StoredRecurrence | null;
  recurrence_anchor: Date | null;
  created_at: Date;
  updated_at: Date;
}

/**
 * A task put in its place and its first event written in one statement, with no transaction around it
 * (a statement is atomic), where insertTask in a transaction takes five round trips: the place
 * (`heldPlace`: the project asked for or the user's Inbox, held as placeRole holds it), the task inserted
 * there only if the user's role there is one of `writers`, and `event` written with what only the
 * insert knows (the project, and the row's defaults: position, version, status) set in its task's view.
 * Answers the user's role there (null: not a member, or no such project) and the row, if written.
 */
export async function insertTaskAtOnce(
  db: Executor,
  task: NewTaskAtOnce,
  place: { projectId: string | undefined; writers: readonly Role[] },
  event: OutboxEntry,
): Promise<{ role: Role | null; row: TaskRow | undefined }> {
  const result = await sql<TaskRow & { place_role: Role }>`
    with place as (${heldPlace(db, task.user_id, place.projectId)}),
    task as (
      insert into tasks (id, user_id, project_id, title, description, priority, due_at, remind_at, recurrence, recurrence_anchor, created_at, updated_at)
      select ${task.id}::uuid, ${task.user_id}::uuid, place.project_id, ${task.title}::text, ${task.description}::text, ${task.priority}::text,
        ${task.due_at}::timestamptz, ${task.remind_at}::timestamptz, ${task.recurrence}::jsonb, ${task.recurrence_anchor}::timestamptz,
        ${task.created_at}::timestamptz, ${task.updated_at}::timestamptz
      from place where place.role in (${sql.join(place.writers)})
      returning *
    ),
    written as (
      insert into outbox (event_id, topic, partition_key, event_type, event, created_at)
      select ${event.eventId}::uuid, ${event.topic}::text, ${event.partitionKey}::text, ${event.eventType}::text,
        e.event || jsonb_build_object('projectid', task.project_id,
          'data', (e.event -> 'data') || jsonb_build_object('project_id', task.project_id, 'position', task.position, 'version', task.version, 'status', task.status)),
        ${event.createdAt}::timestamptz
      from task, (select ${event.event}::jsonb as event) e
    )
    select task.*, place.role as place_role from place left join task on true`.execute(db);
  const found = result.rows[0];
  if (!found) return { role: null, row: undefined };
  const { place_role: role, ...row } = found;
  return { role, row: row.id === null ? undefined : row };
}

/** The project a task is in (deleted or not), or undefined when there is no such task. */
export async function projectOfTask(db: Executor, id: string): Promise<string | undefined> {
  return (await db.selectFrom('tasks').select('project_id').where('id', '=', id).executeTakeFirst())
    ?.project_id;
}

/** The project of a task the user created (deleted or not), or undefined. */
export async function projectOfOwnTask(
  db: Executor,
  userId: string,
  id: string,
): Promise<string | undefined> {
  return (
    await db
      .selectFrom('tasks')
      .select('project_id')
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst()
  )?.project_id;
}

/** Whether the task is in the trash. */
export async function isDeleted(db: Executor, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('tasks')
    .select('deleted_at')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.deleted_at != null;
}

/**
 * Inserts the next occurrence of `task.recurred_from`, unless it has one already (then undefined), and
 * says in the same statement whether the completed task has subtasks (live or not) to copy under it.
 */
export async function insertSuccessor(
  db: Executor,
  task: NewTask & { recurred_from: string },
): Promise<(TaskRow & { has_subtasks: boolean }) | undefined> {
  return db
    .with('successor', (qb) =>
      qb
        .insertInto('tasks')
        .values(task)
        .onConflict((oc) =>
          oc.column('recurred_from').where('recurred_from', 'is not', null).doNothing(),
        )
        .returningAll(),
    )
    .selectFrom('successor')
    .selectAll('successor')
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('tasks')
            .select('tasks.id')
            .where('tasks.parent_id', '=', task.recurred_from),
        )
        .$castTo<boolean>()
        .as('has_subtasks'),
    )
    .executeTakeFirst();
}

/** The occurrence that follows `taskId` in its series, whether live or deleted, locked; undefined when none was spawned. */
export async function lockSuccessor(db: Executor, taskId: string): Promise<TaskRow | undefined> {
  return db
    .selectFrom('tasks')
    .selectAll()
    .where('recurred_from', '=', taskId)
    .forUpdate()
    .executeTakeFirst();
}

/** A task with the role of the user who asked for it in its project. */
export type TaskWithRole = TaskRow & { role: Role };

/**
 * The task, its project key-share locked first in the same statement (projectOfTaskHeld): what every
 * lock of a task starts from, so all of them take the two in one order.
 */
function heldTask(db: Executor, id: string) {
  return db
    .selectFrom('tasks')
    .where('tasks.id', '=', id)
    .where(({ exists }) => exists(projectOfTaskHeld(db, id)));
}

/**
 * The task, locked for the rest of the transaction so concurrent changes to one task queue up
 * instead of overwriting each other, with the user's role in its project. A task of a project the
 * user is not a member of is simply not found.
 */
export async function lockTask(
  db: Executor,
  userId: string,
  id: string,
): Promise<TaskWithRole | undefined> {
  return heldTask(db, id)
    .innerJoin(memberRoles(db, userId).as('m'), 'm.project_id', 'tasks.project_id')
    .selectAll('tasks')
    .select('m.role')
    .forUpdate(['tasks'])
    .executeTakeFirst();
}

/**
 * A completed task the recurrence consumer works on, whoever may see it, locked as lockTask locks one,
 * with the time zone of its series (its creator's; null when the creator's account is gone).
 */
export async function lockForSuccessor(
  db: Executor,
  id: string,
): Promise<(TaskRow & { series_timezone: string | null }) | undefined> {
  return heldTask(db, id)
    .leftJoin('users', 'users.id', 'tasks.user_id')
    .selectAll('tasks')
    .select('users.timezone as series_timezone')
    .forUpdate(['tasks'])
    .executeTakeFirst();
}

/** A new version and `updated_at` for tasks changed from elsewhere (a tag of theirs renamed); their rows as they now read. */
export async function bumpVersions(
  db: Executor,
  taskIds: readonly string[],
  now: Date,
): Promise<TaskRow[]> {
  return db
    .updateTable('tasks')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: now }))
    .where('id', 'in', taskIds)
    .returningAll()
    .execute();
}

export async function updateTask(db: Executor, id: string, changes: TaskUpdate): Promise<TaskRow> {
  return db
    .updateTable('tasks')
    .set(changes)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** What a task's view shows besides its row (`t`, whose `tag_list` holds its tags): its subtasks' progress. */
const shownWithTask = () => [progressJson.as('progress')] as const;

/**
 * updateTask answering what the task's view shows besides its row: its subtask progress, read in the same
 * statement, after the lock that the change waited for. Without `changes`, the row as it is, with the same.
 */
export async function updateTaskShown(db: Executor, id: string, changes: TaskUpdate | null) {
  if (changes === null)
    return db
      .selectFrom('tasks as t')
      .selectAll('t')
      .select(shownWithTask())
      .where('t.id', '=', id)
      .executeTakeFirstOrThrow();
  return db
    .updateTable('tasks as t')
    .set(changes)
    .where('t.id', '=', id)
    .returningAll('t')
    .returning(shownWithTask())
    .executeTakeFirstOrThrow();
}

/** The live task (its tags in `tag_list`) and its subtask progress, if the user may read it, in one query. */
export async function findLiveTask(db: Executor, userId: string, id: string) {
  return db
    .selectFrom('tasks as t')
    .selectAll('t')
    .select(shownWithTask())
    .where('t.id', '=', id)
    .where('t.deleted_at', 'is', null)
    .where('t.project_id', 'in', readableProjects(db, userId, { archived: true }))
    .executeTakeFirst();
}

export interface TaskFilter {
  userId: string;
  /** One project's tasks (archived or not); otherwise those of every live, unarchived project the user reads. */
  projectId?: string;
  assigneeId?: string;
  /** A task's subtasks; null: only tasks that are not subtasks. */
  parentId?: string | null;
  status: 'pending' | 'completed' | 'all';
  /** Case-insensitive substring of title or description; %, _ and \ are plain characters. */
  q?: string;
  priorities?: readonly Priority[];
  /** Tag names; a task must carry all of them. */
  tags?: readonly string[];
  dueFrom?: Date;
  dueTo?: Date;
  /** Only pending tasks due before this instant. */
  overdueAt?: Date;
}

/** Where the previous page ended: the sort key of its last row (as PostgreSQL compares it) and its id. */
export interface Position {
  key: Date | number | string | null;
  id: string;
}

export interface TaskPageQuery extends TaskFilter {
  sort: TaskSort;
  order: 'asc' | 'desc';
  limit: number;
  after?: Position;
}

const SORT_KEYS: Record<TaskSort, { expr: RawBuilder<unknown>; nullable: boolean }> = {
  created_at: { expr: sql`tasks.created_at`, nullable: false },
  updated_at: { expr: sql`tasks.updated_at`, nullable: false },
  due_at: { expr: sql`tasks.due_at`, nullable: true },
  priority: { expr: sql`tasks.priority_rank`, nullable: false },
  title: { expr: sql`lower(tasks.title) collate "C"`, nullable: false },
  position: { expr: sql`tasks.position`, nullable: false },
};

/**
 * Whether rows may lack the sort key, so that the page orders them last: tasks without a due date, unless
 * a due-date filter leaves them out (Today, Upcoming, overdue). Then each project's index on the due date
 * gives its rows in order from the filter's bound, read up to the page's end, instead of every matching
 * task read and sorted (Today of a 20,000-task user: PostgreSQL's CPU per page 5.9–7.4 → 1.6–2.1 ms).
 */
const sortNullable = (q: TaskPageQuery) => SORT_KEYS[q.sort].nullable && !dueBounded(q);

/** Whether a due-date filter bounds the query (due from, due to, overdue). */
const dueBounded = (q: TaskPageQuery) =>
  q.dueFrom !== undefined || q.dueTo !== undefined || q.overdueAt !== undefined;

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * One page of live tasks matching every filter, in a total order (the sort key, tasks without a due
 * date last in both orders, then id), starting strictly after `after`; plus one extra row to tell
 * whether another page exists. Each row is the task's id, its `view` (the API's JSON of it, its
 * recurrence left out), its stored `recurrence`, and its `sort_key`, for the next cursor.
 */
export async function listTasks(db: Executor, q: TaskPageQuery) {
  if (readsOwnProjects(q)) return taskListQuery(db, q).execute();
  // Sorted: the statement's text (with the ids written in) or its parameters do not change with the order rows come in.
  const projectIds = (await readableProjectIds(db, q.userId, { projectId: q.projectId })).sort();
  if (projectIds.length === 0) return [];
  return taskListQuery(db, q, projectIds).execute();
}

/**
 * Whether the page's statement is planned once per connection and its plan reused: when every project's
 * own index gives its rows in order, whatever values the query carries. Planning a statement with a
 * branch per project cost more than running it (2.4–3.6 ms against 1.8 ms; BENCHMARKS.md). Here the plan
 * for any project is the right one (each project's ordered index, from the cursor if there is one, read
 * up to the page's end), so the user, and the projects' ids when they are read first, are hidden from
 * the planner (`hidden`; a project the query names is bound, its plan the same): a plan made for the
 * values then never looks cheaper than the plan for any, and PostgreSQL keeps to that one after its
 * first five. No transaction and no setting needed, and the statement goes through the pool
 * like any other. A tag's filter tests each task walked (see `withFilters`), whatever the tag; a parent's
 * subtasks and an assignee's tasks are read from their indexes whatever the ids: planned once too. Not so
 * for a search (see `valuesOf`) or dates (but as the bounds of a due-date sort), whose best plan depends
 * on their values and each project's size, nor for a due-date sort with undated tasks, whose plan for any
 * project sorts each project's open tasks. Those write the projects' ids in, so each is a statement per
 * user, prepared and kept on each connection: ~150–185 KB of the backend's memory per user, for the
 * connection's life (measured). Today's list, a tag's, a parent's and an assignee's were so; each is one
 * statement for every user now.
 */
function plannedOnce(q: TaskPageQuery): boolean {
  // Due dates that bound a walk by due date (Today, Upcoming, overdue) are where it starts: its plan for any date.
  const datesDecide = q.sort !== 'due_at' && dueBounded(q);
  return q.q === undefined && !datesDecide && !sortNullable(q);
}

/**
 * Whether the statement planned once reads the user's projects itself (one statement, a branch run per
 * project) rather than taking their ids, read just before (a branch each, merged as they are read):
 * only when nearly every task walked is on the page (the open tasks, or all). Each branch run reads
 * until it has a page of its own; merged branches stop at the page's end. With a filter that passes one
 * task in four or five (a priority, the completed tasks), the branch runs read five times what the page
 * needs: 8–9 ms of PostgreSQL's CPU per page against 1.7 ms (measured).
 */
function readsOwnProjects(q: TaskPageQuery): boolean {
  return (
    plannedOnce(q) &&
    q.status !== 'completed' &&
    q.priorities === undefined &&
    q.tags === undefined &&
    q.assigneeId === undefined &&
    typeof q.parentId !== 'string'
  );
}

/** A value the planner cannot see (a subquery's answer, known when the statement runs): plans are made for any value. */
const hidden = (id: string): RawBuilder<string> => sql<string>`(select ${id}::uuid)`;

/** Whether the query carries a search, tags, dates or a cursor: values beyond its choices among fixed ones. */
const typedValues = (q: TaskPageQuery) =>
  q.q !== undefined || q.tags !== undefined || dueBounded(q) || q.after !== undefined;

/** The ids of `readableProjects`, read at once. */
export async function readableProjectIds(
  db: Executor,
  userId: string,
  scope: Parameters<typeof readableProjects>[2] = {},
): Promise<string[]> {
  return (await readableProjects(db, userId, scope).execute()).map((r) => r.project_id);
}

/** A timestamp as the API writes it (UTC, milliseconds: Date#toISOString's form), or null. */
const isoText = (column: RawBuilder<unknown>) =>
  sql<string | null>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The row `t` as the API answers it (tasks/task-view.ts, toTaskView), for row_to_json: a lateral
 * subquery `v` of `t`, which PostgreSQL folds into the query (no subplan per row). A page goes out as
 * PostgreSQL wrote it, without decoding each column, making Dates and writing them back out. The
 * recurrence is null here: its view is made in TypeScript, for the rows that have one.
 */
const taskViewColumns = sql`lateral (select
    t.id, t.title, t.description, t.status, t.priority, t.tag_list as tags,
    ${isoText(sql.ref('t.due_at'))} as due_at, ${isoText(sql.ref('t.remind_at'))} as remind_at, null::json as recurrence, t.series_id,
    ${isoText(sql.ref('t.completed_at'))} as completed_at, ${isoText(sql.ref('t.created_at'))} as created_at, ${isoText(sql.ref('t.updated_at'))} as updated_at,
    t.version, t.project_id, t.parent_id, t.assignee_id, t.user_id as created_by, ${progressJson} as subtasks, t.position)`;

/** The sort key as the merged page reads it from the per-project subqueries. */
const PAGE_KEY = sql`t.sort_key`;

/**
 * The query of listTasks, unexecuted (the benchmark explains it). For each project, its own keyset index
 * gives the page's first rows in order (a subquery with the filters and the limit), and only those few
 * are merged and sorted: a user's list costs one short index walk per project, whatever the number of
 * tasks. Where `readsOwnProjects`, the statement draws the projects from the user's memberships, a
 * branch run for each; otherwise it takes `projectIds` (the user's, read just before), a branch for each.
 */
export function taskListQuery(db: Executor, q: TaskPageQuery, projectIds: readonly string[] = []) {
  const { expr } = SORT_KEYS[q.sort];
  const nullable = sortNullable(q);
  const direction = sql.raw(q.order);
  const limit = pageLimit(q);
  const branch = (projectId: RawBuilder<string>) => {
    let query = db
      .selectFrom('tasks')
      .selectAll('tasks')
      .select(expr.as('sort_key'))
      .where('tasks.project_id', '=', projectId)
      .where('tasks.deleted_at', 'is', null);
    query = withFilters(query, q, expr, nullable);
    if (nullable) query = query.orderBy(sql`${expr} is null`);
    return query
      .orderBy(sql`${expr} ${direction}`)
      .orderBy(sql`tasks.id ${direction}`)
      .limit(limit);
  };
  // Planned once, the plan is for any project, hidden from the planner as the user is (`hidden`): each
  // project's ordered index. Otherwise each id is written into the statement, so that the plan made for
  // the typed values is made for each project's size too (a plan for any project took it for an average
  // one: a bitmap scan and a sort over a large project's tasks, 72 ms, instead of its ordered index,
  // 1 ms). The ids are UUIDs read from the database, nothing a caller wrote.
  const project = plannedOnce(q) ? hidden : (id: string) => sql.lit(id);
  const merged = readsOwnProjects(q)
    ? db
        .selectFrom(readableProjects(db, hidden(q.userId), { projectId: q.projectId }).as('r'))
        .innerJoinLateral(branch(sql.ref('r.project_id')).as('b'), (join) => join.onTrue())
        .selectAll('b')
    : projectIds
        .map((id, i) => db.selectFrom(branch(project(id)).as(`p${i}`)).selectAll())
        .reduce((all, next) => all.unionAll(next));
  return db
    .selectFrom([merged.as('t'), taskViewColumns.as('v')])
    .select(['t.id', 't.sort_key', 't.recurrence'])
    .select(sql<string>`row_to_json(v)::text`.as('view'))
    .$if(nullable, (query) => query.orderBy(sql`${PAGE_KEY} is null`))
    .orderBy(sql`${PAGE_KEY} ${direction}`)
    .orderBy(sql`t.id ${direction}`)
    .limit(limit);
}

/**
 * The page size plus one: bound beside a filter's bound tags, dates or cursor (the combined filter was
 * measured so: BENCHMARKS.md), written in otherwise.
 */
function pageLimit(q: TaskPageQuery): RawBuilder<number> {
  return typedValues(q) && q.q === undefined && !plannedOnce(q)
    ? sql<number>`${q.limit + 1}`
    : sql.lit<number>(q.limit + 1);
}

/**
 * How the values a user typed go into the statement. Bound, PostgreSQL plans it for them five times,
 * then may keep one plan for any value: for tags, dates and cursors it does, and that plan serves them
 * well. Not for a search: its plan for any word is bitmap scans of the whole table's trigram indexes (on
 * a vacuumed database 10–14 ms of PostgreSQL's CPU per search, against 6–7 ms planned for the word;
 * BENCHMARKS.md). So a search is written whole into its statement, every value as a literal (text as
 * `textLiteral`): a statement without parameters is no prepared statement, and PostgreSQL plans it for
 * its words every time. That also keeps no statement per word on the connection.
 */
function valuesOf(q: TaskPageQuery) {
  if (q.q === undefined)
    return { value: (v: string | number | null) => sql`${v}`, instant: (at: Date) => sql`${at}` };
  return {
    value: (v: string | number | null) => (typeof v === 'string' ? textLiteral(v) : sql.lit(v)),
    instant: (at: Date) => sql`${textLiteral(at.toISOString())}::timestamptz`,
  };
}

/**
 * Text written into a statement as an escape string (E'…'), its backslashes and quotes escaped: read the
 * same whatever the server's standard_conforming_strings says (a plain '…' literal would let a backslash
 * end it where that setting is off).
 */
const textLiteral = (text: string) => sql.raw(`E'${text.replace(/[\\']/g, (c) => `\\${c}`)}'`);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a per-project subquery's builder, whose type Kysely spells at length
function withFilters<Q extends { where: any }>(
  query: Q,
  q: TaskPageQuery,
  expr: RawBuilder<unknown>,
  nullable: boolean,
): Q {
  let out = query as any; // eslint-disable-line @typescript-eslint/no-explicit-any
  const { value, instant } = valuesOf(q);
  if (q.status !== 'all') out = out.where('tasks.status', '=', sql.lit(q.status));
  if (q.q !== undefined) {
    const pattern = likePattern(q.q);
    out = out.where(
      sql<boolean>`(tasks.title ilike ${textLiteral(pattern)} escape E'\\\\' or tasks.description ilike ${textLiteral(pattern)} escape E'\\\\')`,
    );
  }
  if (q.priorities)
    out = out.where(
      'tasks.priority',
      'in',
      q.priorities.map((p) => sql.lit(p)),
    );
  // One test per tag name, a lookup of the task_tags key: any member's tag of that name counts (a
  // shared project's tasks carry its members' tags). Written as a correlated count, which PostgreSQL
  // does not turn into a join: the ordered index walk stays and stops at the page's end.
  for (const name of q.tags ?? []) {
    out = out.where(
      sql<boolean>`(select count(*) from task_tags tt join tags g on g.id = tt.tag_id where tt.task_id = tasks.id and lower(g.name) = lower(${value(name)})) > 0`,
    );
  }
  if (q.assigneeId !== undefined) out = out.where('tasks.assignee_id', '=', value(q.assigneeId));
  if (q.parentId === null) out = out.where('tasks.parent_id', 'is', null);
  else if (q.parentId !== undefined) out = out.where('tasks.parent_id', '=', value(q.parentId));
  if (q.dueFrom) out = out.where('tasks.due_at', '>=', instant(q.dueFrom));
  if (q.dueTo) out = out.where('tasks.due_at', '<=', instant(q.dueTo));
  if (q.overdueAt)
    out = out
      .where('tasks.due_at', '<', instant(q.overdueAt))
      .where('tasks.status', '=', sql.lit('pending'));
  if (q.after) {
    const cmp = sql.raw(q.order === 'asc' ? '>' : '<');
    const key = q.after.key instanceof Date ? instant(q.after.key) : value(q.after.key);
    const id = value(q.after.id);
    if (!nullable) out = out.where(sql<boolean>`(${expr}, tasks.id) ${cmp} (${key}, ${id})`);
    else if (q.after.key === null)
      out = out.where(sql<boolean>`(${expr} is null and tasks.id ${cmp} ${id})`);
    else
      out = out.where(
        sql<boolean>`(${expr} is null or (${expr}, tasks.id) ${cmp} (${key}, ${id}))`,
      );
  }
  return out as Q;
}
