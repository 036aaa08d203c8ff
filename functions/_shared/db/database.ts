import type {
  ColumnType,
  Generated,
  Insertable,
  Kysely,
  Selectable,
  Transaction,
  Updateable,
} from 'kysely';
import type { TaskEventName } from '../events/catalog.js';
import type { StoredRecurrence } from '../schemas/recurrence.js';
import type { Priority, TaskSnapshot, TaskStatus } from '../schemas/task.js';

/** A timestamptz column: read as Date, written as Date. */
type Timestamp = ColumnType<Date, Date | undefined, Date>;
/** A jsonb column: postgres.js serializes and parses it, so it is read and written as the value itself. */
type Json<T> = ColumnType<T, T, T>;

export interface UsersTable {
  id: string;
  email: string;
  name: string | null;
  timezone: string;
  password_hash: string;
  created_at: Timestamp;
}

export interface TasksTable {
  id: string;
  user_id: string;
  title: string;
  description: string | null;
  status: Generated<TaskStatus>;
  priority: Generated<Priority>;
  due_at: Date | null;
  remind_at: Date | null;
  recurrence: Json<StoredRecurrence | null> | null;
  completed_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: Date | null;
  version: Generated<number>;
  /** low 0, medium 1, high 2, urgent 3: computed by PostgreSQL, for sorting by priority. */
  priority_rank: Generated<number>;
  /** A recurring task's series' first due date, which every occurrence aims for; null when not recurring. */
  recurrence_anchor: Generated<Date | null>;
  /** The occurrence this one follows (at most one successor each). */
  recurred_from: Generated<string | null>;
  /** The remind_at a reminder was sent for; another remind_at is reminded again. */
  reminder_sent_for: Generated<Date | null>;
  /** The version Ripple left a spawned occurrence at; while `version` equals it, its user has not changed it. */
  untouched_version: Generated<number | null>;
  /** The series "on schedule" this task is an occurrence of. */
  series_id: Generated<string | null>;
  project_id: string;
  /** The task this one is a subtask of (one level: a parent has no parent). */
  parent_id: Generated<string | null>;
  assignee_id: Generated<string | null>;
  /** Its tags as the API shows them (id, name, colour; by name), kept by PostgreSQL's triggers on task_tags and tags. */
  tag_list: Generated<{ id: string; name: string; color: string }[]>;
  /** The parent or project whose deletion took this task to the trash; its restore brings it back. */
  deleted_with: Generated<string | null>;
  /** The manual order within its project (ascending); a new task goes last. */
  position: Generated<number>;
}

export type Role = 'viewer' | 'editor' | 'admin';

export interface ProjectsTable {
  id: string;
  owner_id: string;
  name: string;
  color: string;
  is_inbox: Generated<boolean>;
  archived_at: Date | null;
  deleted_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface ProjectMembersTable {
  project_id: string;
  user_id: string;
  role: Role;
  invited_by: string | null;
  invited_at: Timestamp;
  /** Null while the invitation waits: no access until it is accepted. */
  accepted_at: Date | null;
  /** The member's own order of their projects. */
  position: Generated<number>;
}

export interface TagsTable {
  id: string;
  user_id: string;
  name: string;
  color: string;
  created_at: Timestamp;
}

export interface TaskTagsTable {
  task_id: string;
  tag_id: string;
}

export interface OutboxTable {
  id: Generated<string>;
  event_id: string;
  topic: string;
  partition_key: string;
  event_type: string;
  /** The whole CloudEvent in structured form, exactly as it will be published. */
  event: Json<Record<string, unknown>>;
  created_at: Timestamp;
  published_at: Date | null;
}

export interface ProcessedEventsTable {
  consumer: string;
  event_id: string;
  processed_at: Date;
}

export interface AuditLogTable {
  id: string;
  /** Who made the change. */
  user_id: string;
  project_id: string;
  event_id: string;
  event_type: TaskEventName;
  task_id: string;
  /** The task as the event carried it. */
  task: Json<TaskSnapshot>;
  occurred_at: Date;
  recorded_at: Date;
}

export type NotificationKind = 'reminder' | 'invitation' | 'assigned';

export interface NotificationsTable {
  id: string;
  user_id: string;
  kind: NotificationKind;
  task_id: string | null;
  project_id: Generated<string | null>;
  /** Who caused it (the inviter, the assigner); null for a reminder. */
  actor_id: Generated<string | null>;
  title: string;
  event_id: string;
  created_at: Date;
  read_at: Date | null;
}

export interface UserStreamTable {
  seq: Generated<string>;
  user_id: string;
  event_id: string;
  kind: 'task' | 'notification' | 'project';
  data: Json<Record<string, unknown>>;
  created_at: Date;
  /** The project an entry is about: delivered only while its user is a member. */
  project_id: Generated<string | null>;
}

export interface SigninThrottleTable {
  key: string;
  /** Attempts counted in the current window (named for sign-in failures; sign-ups count every attempt). */
  failures: number;
  window_started_at: Date;
  /** When the last one was counted; null for rows counted before it was kept. */
  last_failed_at: Date | null;
}

export interface DeadLettersTable {
  id: string;
  event_id: string | null;
  event_type: string | null;
  source: string | null;
  error_code: string | null;
  error_dest: string | null;
  error_data: string | null;
  headers: Record<string, string>;
  body: string;
  received_at: Date;
}

export interface RefreshTokensTable {
  id: string;
  user_id: string;
  family_id: string;
  token_hash: Buffer;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
  /** Who it was issued to (Settings' sessions): at most 256 characters of the User-Agent, and the client address. */
  user_agent: string | null;
  ip: string | null;
}

export interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  fingerprint: string;
  /** The answer's status; null only inside the transaction that claimed the key, before it commits. */
  status: number | null;
  headers: Json<Record<string, string>>;
  body: string;
  created_at: Date;
}

export interface CalendarFeedsTable {
  user_id: string;
  token_hash: Buffer;
  created_at: Date;
}

export interface AccessTokensTable {
  id: string;
  user_id: string;
  name: string;
  scope: 'read' | 'read+write';
  token_hash: Buffer;
  hint: string;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
}

export interface SeriesTable {
  id: string;
  user_id: string;
  project_id: string;
  title: string;
  description: string | null;
  priority: Generated<Priority>;
  tags: Generated<string[]>;
  rrule: string;
  dtstart: Date;
  time_zone: string;
  lead_minutes: number | null;
  remind_minutes: number | null;
  catch_up: Generated<'all' | 'latest'>;
  catch_up_cap: Generated<number>;
  status: Generated<'active' | 'paused' | 'ended'>;
  next_due: Date | null;
  next_create_at: Date | null;
  generated: Generated<number>;
  last_due: Generated<Date | null>;
  capped_at: Generated<Date | null>;
  capped_skipped: Generated<number>;
  split_from: Generated<string | null>;
  created_at: Date;
  updated_at: Date;
  deleted_at: Generated<Date | null>;
  version: Generated<number>;
}

export interface SeriesOccurrencesTable {
  series_id: string;
  due_at: Date;
  task_id: string;
  created_at: Date;
}

/** What one occurrence of a series differs in, before it is created (null: as the series has it). */
export interface OccurrenceChanges {
  title?: string;
  description?: string | null;
  priority?: Priority;
  tags?: string[];
  /** The occurrence moved: its task is due then instead (ISO instant). */
  due_at?: string;
}

export interface SeriesOverridesTable {
  series_id: string;
  /** The due date the rule gives the occurrence (the ledger's key). */
  due_at: Date;
  skip: Generated<boolean>;
  changes: Json<OccurrenceChanges>;
  updated_by: string;
  updated_at: Date;
}

export interface ChatConversationsTable {
  id: string;
  user_id: string;
  /** The conversation's messages (functions/_shared/chat/store.ts), written as JSON text. */
  messages: Json<unknown>;
  version: number;
  created_at: Date;
  updated_at: Date;
  expires_at: Date;
}

/** What a user can be told about, on the channels beyond the bell: a notification's kind, or the agenda. */
export type TellingKind = NotificationKind | 'agenda';
export type NotificationChannel = 'in_app' | 'push' | 'email';
export type DeliveryChannel = 'push' | 'email';
export type DeliveryStatus = 'held' | 'pending' | 'sent' | 'gone' | 'dead';

export interface NotificationPreferencesTable {
  user_id: string;
  kind: TellingKind;
  channel: NotificationChannel;
  enabled: boolean;
}

export interface NotificationSettingsTable {
  user_id: string;
  /** Minutes after local midnight. */
  quiet_start: number | null;
  quiet_end: number | null;
  agenda_hour: Generated<number>;
  /** The local day (YYYY-MM-DD) whose agenda went out last. */
  agenda_sent_on: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PushSubscriptionsTable {
  id: string;
  user_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  label: string;
  created_at: Timestamp;
}

/** What a delivery says: the same for push and mail, each channel renders it. */
export interface DeliveryPayload {
  title: string;
  body: string;
  /** Where a click leads (the task, the project). */
  url: string;
  task_id: string | null;
  /** An agenda's lines. */
  items?: { title: string; due: string | null }[];
}

export interface DeliveriesTable {
  id: string;
  channel: DeliveryChannel;
  source_id: string;
  target: string;
  user_id: string;
  kind: TellingKind;
  payload: Json<DeliveryPayload>;
  status: DeliveryStatus;
  attempts: Generated<number>;
  next_attempt_at: Date;
  reason: string | null;
  created_at: Timestamp;
  sent_at: Date | null;
}

export interface Database {
  users: UsersTable;
  tasks: TasksTable;
  projects: ProjectsTable;
  project_members: ProjectMembersTable;
  tags: TagsTable;
  task_tags: TaskTagsTable;
  outbox: OutboxTable;
  signin_throttle: SigninThrottleTable;
  processed_events: ProcessedEventsTable;
  audit_log: AuditLogTable;
  notifications: NotificationsTable;
  user_stream: UserStreamTable;
  dead_letters: DeadLettersTable;
  refresh_tokens: RefreshTokensTable;
  idempotency_keys: IdempotencyKeysTable;
  calendar_feeds: CalendarFeedsTable;
  access_tokens: AccessTokensTable;
  series: SeriesTable;
  series_occurrences: SeriesOccurrencesTable;
  series_overrides: SeriesOverridesTable;
  chat_conversations: ChatConversationsTable;
  notification_preferences: NotificationPreferencesTable;
  notification_settings: NotificationSettingsTable;
  push_subscriptions: PushSubscriptionsTable;
  deliveries: DeliveriesTable;
}

export type Db = Kysely<Database>;
/** Either the pool or an open transaction: data-access functions accept both, the caller decides. */
export type Executor = Kysely<Database> | Transaction<Database>;
export type Tx = Transaction<Database>;

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type TaskRow = Selectable<TasksTable>;
export type NewTask = Insertable<TasksTable>;
export type TaskUpdate = Updateable<TasksTable>;
export type TagRow = Selectable<TagsTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type SeriesRow = Selectable<SeriesTable>;
export type NewSeries = Insertable<SeriesTable>;
export type SeriesUpdate = Updateable<SeriesTable>;
export type SeriesOverrideRow = Selectable<SeriesOverridesTable>;
export type NotificationRow = Selectable<NotificationsTable>;
export type ProjectRow = Selectable<ProjectsTable>;
export type MemberRow = Selectable<ProjectMembersTable>;
