import { CONSUMED_TYPES, TOPICS, WAKE_CHANNELS } from './_shared/events/catalog.js';
import { lazily, type RippleFunction } from './_shared/function.js';

/**
 * Every Ripple function, and the only place one is named. The embedded router, the one-function
 * server, the OpenAPI document and the Knative manifests are all derived from this list. A function's
 * code is imported when it is loaded (`load()`): a Service running one function (serve.ts) loads only
 * its own, and starts in the time that takes; `registry.ts` is this list with every function loaded.
 */
export const catalogue: readonly RippleFunction[] = [
  {
    name: 'auth-signup',
    kind: 'http',
    ...lazily(async () => (await import('./auth-signup/index.js')).authSignup),
  },
  {
    name: 'auth-signin',
    kind: 'http',
    ...lazily(async () => (await import('./auth-signin/index.js')).authSignin),
  },
  {
    name: 'auth-session',
    kind: 'http',
    ...lazily(async () => (await import('./auth-session/index.js')).authSession),
  },
  // The account: its profile, password and sessions (Settings), one Service (composed).
  {
    name: 'me',
    kind: 'http',
    ...lazily(
      async () => (await import('./me/index.js')).me,
      async () => (await import('./me-password/index.js')).mePassword,
      async () => (await import('./sessions/index.js')).sessions,
    ),
  },
  {
    name: 'tasks-create',
    kind: 'http',
    ...lazily(async () => (await import('./tasks-create/index.js')).tasksCreate),
  },
  // The sidebar's counts are read with every list: one Service with it (composed).
  {
    name: 'tasks-list',
    kind: 'http',
    ...lazily(
      async () => (await import('./tasks-list/index.js')).tasksList,
      async () => (await import('./views-counts/index.js')).viewsCounts,
    ),
  },
  // Quick add reads a line on every pause in typing; chrono-node stays out of tasks-create.
  {
    name: 'tasks-parse',
    kind: 'http',
    ...lazily(async () => (await import('./tasks-parse/index.js')).tasksParse),
  },
  {
    name: 'tasks-get',
    kind: 'http',
    ...lazily(async () => (await import('./tasks-get/index.js')).tasksGet),
  },
  {
    name: 'tasks-update',
    kind: 'http',
    ...lazily(async () => (await import('./tasks-update/index.js')).tasksUpdate),
  },
  {
    name: 'tasks-delete',
    kind: 'http',
    ...lazily(async () => (await import('./tasks-delete/index.js')).tasksDelete),
  },
  {
    name: 'tasks-restore',
    kind: 'http',
    ...lazily(async () => (await import('./tasks-restore/index.js')).tasksRestore),
  },
  {
    name: 'tasks-complete',
    kind: 'http',
    ...lazily(async () => (await import('./tasks-complete/index.js')).tasksComplete),
  },
  {
    name: 'tasks-reopen',
    kind: 'http',
    ...lazily(async () => (await import('./tasks-reopen/index.js')).tasksReopen),
  },
  // Managing projects and their members is rare next to working on tasks: one Service each (composed).
  {
    name: 'projects',
    kind: 'http',
    ...lazily(
      async () => (await import('./projects-list/index.js')).projectsList,
      async () => (await import('./projects-create/index.js')).projectsCreate,
      async () => (await import('./projects-get/index.js')).projectsGet,
      async () => (await import('./projects-update/index.js')).projectsUpdate,
      async () => (await import('./projects-delete/index.js')).projectsDelete,
      async () => (await import('./projects-restore/index.js')).projectsRestore,
      async () => (await import('./projects-transfer/index.js')).projectsTransfer,
    ),
  },
  {
    name: 'tags-list',
    kind: 'http',
    ...lazily(async () => (await import('./tags-list/index.js')).tagsList),
  },
  {
    name: 'tags-create',
    kind: 'http',
    ...lazily(async () => (await import('./tags-create/index.js')).tagsCreate),
  },
  {
    name: 'tags-update',
    kind: 'http',
    ...lazily(async () => (await import('./tags-update/index.js')).tagsUpdate),
  },
  {
    name: 'tags-delete',
    kind: 'http',
    ...lazily(async () => (await import('./tags-delete/index.js')).tagsDelete),
  },
  {
    name: 'project-members',
    kind: 'http',
    ...lazily(
      async () => (await import('./members-list/index.js')).membersList,
      async () => (await import('./members-invite/index.js')).membersInvite,
      async () => (await import('./members-update/index.js')).membersUpdate,
      async () => (await import('./members-remove/index.js')).membersRemove,
      async () => (await import('./invitations-list/index.js')).invitationsList,
      async () => (await import('./invitations-respond/index.js')).invitationsRespond,
    ),
  },
  {
    name: 'audit-list',
    kind: 'http',
    ...lazily(async () => (await import('./audit-list/index.js')).auditList),
  },
  {
    name: 'notifications-list',
    kind: 'http',
    ...lazily(async () => (await import('./notifications-list/index.js')).notificationsList),
  },
  {
    name: 'notifications-read',
    kind: 'http',
    ...lazily(async () => (await import('./notifications-read/index.js')).notificationsRead),
  },
  {
    name: 'realtime',
    kind: 'http',
    ...lazily(async () => (await import('./realtime/index.js')).realtime),
  },
  // Series, their rules' preview, the calendar feed, and notification preferences, push subscriptions
  // and the unsubscribe link: one Service (composed), used far less than tasks. The VAPID Secret gives
  // browsers the key they subscribe with.
  {
    name: 'series',
    kind: 'http',
    ...lazily(
      async () => (await import('./series/index.js')).series,
      async () => (await import('./recurrence-preview/index.js')).recurrencePreview,
      async () => (await import('./calendar-feed/index.js')).calendarFeed,
      async () => (await import('./notification-preferences/index.js')).notificationPreferences,
      async () => (await import('./push-subscriptions/index.js')).pushSubscriptions,
      async () => (await import('./unsubscribe/index.js')).unsubscribe,
    ),
    secrets: ['vapid'],
  },
  // Agents' door: MCP, and the personal access tokens that open it (managed rarely: one Service).
  {
    name: 'mcp',
    kind: 'http',
    ...lazily(
      async () => (await import('./mcp/index.js')).mcp,
      async () => (await import('./access-tokens/index.js')).accessTokens,
    ),
  },
  { name: 'chat', kind: 'http', ...lazily(async () => (await import('./chat/index.js')).chat) },
  {
    name: 'openapi',
    kind: 'http',
    // Handed the catalogue it documents: its module imports no list of functions.
    ...lazily(async () => (await import('./openapi/index.js')).openapiOf(catalogue)),
  },
  {
    name: 'audit-writer',
    kind: 'consumer',
    topics: [TOPICS.taskEvents],
    types: CONSUMED_TYPES['audit-writer'],
    ...lazily(async () => (await import('./audit-writer/index.js')).auditWriter),
  },
  // A next occurrence costs several statements and the rule's arithmetic: completions of different tasks are taken side by side.
  {
    name: 'recurrence',
    kind: 'consumer',
    topics: [TOPICS.taskEvents],
    types: CONSUMED_TYPES.recurrence,
    oneAtATime: true,
    ...lazily(async () => (await import('./recurrence/index.js')).recurrence),
  },
  {
    name: 'notifier',
    kind: 'consumer',
    topics: [TOPICS.reminders, TOPICS.projectEvents],
    types: CONSUMED_TYPES.notifier,
    ...lazily(async () => (await import('./notifier/index.js')).notifier),
  },
  {
    name: 'push-sender',
    kind: 'consumer',
    topics: [TOPICS.taskUpdates, TOPICS.reminders],
    types: CONSUMED_TYPES['push-sender'],
    ...lazily(async () => (await import('./push-sender/index.js')).pushSenderFunction),
    secrets: ['vapid'],
  },
  {
    name: 'mailer',
    kind: 'consumer',
    topics: [TOPICS.taskUpdates, TOPICS.reminders],
    types: CONSUMED_TYPES.mailer,
    ...lazily(async () => (await import('./mailer/index.js')).mailer),
    secrets: ['smtp'],
  },
  {
    name: 'stream-writer',
    kind: 'consumer',
    topics: [TOPICS.taskEvents, TOPICS.taskUpdates, TOPICS.projectEvents],
    types: CONSUMED_TYPES['stream-writer'],
    ...lazily(async () => (await import('./stream-writer/index.js')).streamWriter),
  },
  // No topic of its own: in the cluster, every KafkaSource and PingSource sends it what they could not deliver.
  {
    name: 'dead-letters',
    kind: 'consumer',
    topics: [],
    types: [],
    ...lazily(async () => (await import('./dead-letters/index.js')).deadLetters),
  },
  // PingSource fires once a minute at most; the functions publish their own events at once, so the
  // relay is the safety net for a publisher that was down.
  {
    name: 'reminder-scheduler',
    kind: 'schedule',
    schedule: '* * * * *',
    embeddedEveryMs: (config) => config.REMINDER_INTERVAL_MS,
    wakeOn: WAKE_CHANNELS.reminders,
    ...lazily(async () => (await import('./reminder-scheduler/index.js')).reminderScheduler),
  },
  {
    name: 'series-scheduler',
    kind: 'schedule',
    schedule: '* * * * *',
    embeddedEveryMs: (config) => config.SERIES_INTERVAL_MS,
    wakeOn: WAKE_CHANNELS.series,
    ...lazily(async () => (await import('./series-scheduler/index.js')).seriesScheduler),
  },
  // Daily agendas at each user's hour, and wake-ups for deliveries held (quiet hours) or waiting for a retry.
  {
    name: 'agenda-scheduler',
    kind: 'schedule',
    schedule: '* * * * *',
    embeddedEveryMs: (config) => config.AGENDA_INTERVAL_MS,
    ...lazily(async () => (await import('./agenda-scheduler/index.js')).agendaScheduler),
  },
  {
    name: 'outbox-relay',
    kind: 'schedule',
    schedule: '* * * * *',
    embeddedEveryMs: (config) => config.RELAY_INTERVAL_MS,
    ...lazily(async () => (await import('./outbox-relay/index.js')).outboxRelay),
  },
];

export function findFunction(name: string): RippleFunction | undefined {
  return catalogue.find((fn) => fn.name === name);
}
