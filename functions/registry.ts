import { auditConsumer } from './_shared/audit/audit.js';
import { TOPICS } from './_shared/events/catalog.js';
import { recurrenceConsumer } from './_shared/recurrence/spawn-successor.js';
import { streamConsumer } from './_shared/realtime/stream-log.js';
import { notifierConsumer } from './_shared/notifications/notifier.js';
import { REMINDERS_CHANNEL } from './_shared/reminders/reminders.js';
import { composed, type RippleFunction } from './_shared/function.js';
import { auditList } from './audit-list/index.js';
import { auditWriter } from './audit-writer/index.js';
import { calendarFeed } from './calendar-feed/index.js';
import { chat } from './chat/index.js';
import { deadLetters } from './dead-letters/index.js';
import { authSession } from './auth-session/index.js';
import { authSignin } from './auth-signin/index.js';
import { authSignup } from './auth-signup/index.js';
import { invitationsList } from './invitations-list/index.js';
import { invitationsRespond } from './invitations-respond/index.js';
import { me } from './me/index.js';
import { mePassword } from './me-password/index.js';
import { mcp } from './mcp/index.js';
import { accessTokens } from './access-tokens/index.js';
import { membersInvite } from './members-invite/index.js';
import { membersList } from './members-list/index.js';
import { membersRemove } from './members-remove/index.js';
import { membersUpdate } from './members-update/index.js';
import { notificationsList } from './notifications-list/index.js';
import { notificationsRead } from './notifications-read/index.js';
import { notifier } from './notifier/index.js';
import { notificationPreferences } from './notification-preferences/index.js';
import { pushSubscriptions } from './push-subscriptions/index.js';
import { unsubscribe } from './unsubscribe/index.js';
import { pushSenderFunction } from './push-sender/index.js';
import { mailer } from './mailer/index.js';
import { agendaScheduler } from './agenda-scheduler/index.js';
import { mailConsumer, pushConsumer } from './_shared/channels/consumers.js';
import { openapi } from './openapi/index.js';
import { outboxRelay } from './outbox-relay/index.js';
import { projectsList } from './projects-list/index.js';
import { projectsCreate } from './projects-create/index.js';
import { projectsGet } from './projects-get/index.js';
import { projectsUpdate } from './projects-update/index.js';
import { projectsDelete } from './projects-delete/index.js';
import { projectsRestore } from './projects-restore/index.js';
import { projectsTransfer } from './projects-transfer/index.js';
import { realtime } from './realtime/index.js';
import { recurrence } from './recurrence/index.js';
import { recurrencePreview } from './recurrence-preview/index.js';
import { reminderScheduler } from './reminder-scheduler/index.js';
import { series } from './series/index.js';
import { sessions } from './sessions/index.js';
import { seriesScheduler } from './series-scheduler/index.js';
import { SERIES_CHANNEL } from './_shared/series/generate.js';
import { streamWriter } from './stream-writer/index.js';
import { tasksComplete } from './tasks-complete/index.js';
import { tasksCreate } from './tasks-create/index.js';
import { tasksDelete } from './tasks-delete/index.js';
import { tasksGet } from './tasks-get/index.js';
import { tasksList } from './tasks-list/index.js';
import { tasksParse } from './tasks-parse/index.js';
import { tasksReopen } from './tasks-reopen/index.js';
import { tasksRestore } from './tasks-restore/index.js';
import { tasksUpdate } from './tasks-update/index.js';
import { tagsCreate } from './tags-create/index.js';
import { tagsDelete } from './tags-delete/index.js';
import { tagsList } from './tags-list/index.js';
import { tagsUpdate } from './tags-update/index.js';
import { viewsCounts } from './views-counts/index.js';

/**
 * Every Ripple function, and the only place one is named. The embedded router, the one-function
 * server, the OpenAPI document and (later) the Knative manifests are all derived from this list.
 */
export const registry: readonly RippleFunction[] = [
  { name: 'auth-signup', kind: 'http', build: authSignup },
  { name: 'auth-signin', kind: 'http', build: authSignin },
  { name: 'auth-session', kind: 'http', build: authSession },
  // The account: its profile, password and sessions (Settings), one Service (composed).
  { name: 'me', kind: 'http', build: composed(me, mePassword, sessions) },
  { name: 'tasks-create', kind: 'http', build: tasksCreate },
  // The sidebar's counts are read with every list: one Service with it (composed).
  { name: 'tasks-list', kind: 'http', build: composed(tasksList, viewsCounts) },
  // Quick add reads a line on every pause in typing; chrono-node stays out of tasks-create.
  { name: 'tasks-parse', kind: 'http', build: tasksParse },
  { name: 'tasks-get', kind: 'http', build: tasksGet },
  { name: 'tasks-update', kind: 'http', build: tasksUpdate },
  { name: 'tasks-delete', kind: 'http', build: tasksDelete },
  { name: 'tasks-restore', kind: 'http', build: tasksRestore },
  { name: 'tasks-complete', kind: 'http', build: tasksComplete },
  { name: 'tasks-reopen', kind: 'http', build: tasksReopen },
  // Managing projects and their members is rare next to working on tasks: one Service each (composed).
  { name: 'projects', kind: 'http', build: composed(projectsList, projectsCreate, projectsGet, projectsUpdate, projectsDelete, projectsRestore, projectsTransfer) },
  { name: 'tags-list', kind: 'http', build: tagsList },
  { name: 'tags-create', kind: 'http', build: tagsCreate },
  { name: 'tags-update', kind: 'http', build: tagsUpdate },
  { name: 'tags-delete', kind: 'http', build: tagsDelete },
  { name: 'project-members', kind: 'http', build: composed(membersList, membersInvite, membersUpdate, membersRemove, invitationsList, invitationsRespond) },
  { name: 'audit-list', kind: 'http', build: auditList },
  { name: 'notifications-list', kind: 'http', build: notificationsList },
  { name: 'notifications-read', kind: 'http', build: notificationsRead },
  { name: 'realtime', kind: 'http', build: realtime },
  // Series, their rules' preview, the calendar feed, and notification preferences, push subscriptions
  // and the unsubscribe link: one Service (composed), used far less than tasks. The VAPID Secret gives
  // browsers the key they subscribe with.
  { name: 'series', kind: 'http', build: composed(series, recurrencePreview, calendarFeed, notificationPreferences, pushSubscriptions, unsubscribe), secrets: ['vapid'] },
  // Agents' door: MCP, and the personal access tokens that open it (managed rarely: one Service).
  { name: 'mcp', kind: 'http', build: composed(mcp, accessTokens) },
  { name: 'chat', kind: 'http', build: chat },
  { name: 'openapi', kind: 'http', build: openapi },
  { name: 'audit-writer', kind: 'consumer', topics: [TOPICS.taskEvents], types: auditConsumer.types, build: auditWriter },
  { name: 'recurrence', kind: 'consumer', topics: [TOPICS.taskEvents], types: recurrenceConsumer.types, build: recurrence },
  { name: 'notifier', kind: 'consumer', topics: [TOPICS.reminders, TOPICS.projectEvents], types: notifierConsumer.types, build: notifier },
  { name: 'push-sender', kind: 'consumer', topics: [TOPICS.taskUpdates, TOPICS.reminders], types: pushConsumer.types, build: pushSenderFunction, secrets: ['vapid'] },
  { name: 'mailer', kind: 'consumer', topics: [TOPICS.taskUpdates, TOPICS.reminders], types: mailConsumer.types, build: mailer, secrets: ['smtp'] },
  { name: 'stream-writer', kind: 'consumer', topics: [TOPICS.taskEvents, TOPICS.taskUpdates, TOPICS.projectEvents], types: streamConsumer.types, build: streamWriter },
  // No topic of its own: in the cluster, every KafkaSource and PingSource sends it what they could not deliver.
  { name: 'dead-letters', kind: 'consumer', topics: [], types: [], build: deadLetters },
  // PingSource fires once a minute at most; the functions publish their own events at once, so the
  // relay is the safety net for a publisher that was down.
  { name: 'reminder-scheduler', kind: 'schedule', schedule: '* * * * *', embeddedEveryMs: (config) => config.REMINDER_INTERVAL_MS, wakeOn: REMINDERS_CHANNEL, build: reminderScheduler },
  { name: 'series-scheduler', kind: 'schedule', schedule: '* * * * *', embeddedEveryMs: (config) => config.SERIES_INTERVAL_MS, wakeOn: SERIES_CHANNEL, build: seriesScheduler },
  // Daily agendas at each user's hour, and wake-ups for deliveries held (quiet hours) or waiting for a retry.
  { name: 'agenda-scheduler', kind: 'schedule', schedule: '* * * * *', embeddedEveryMs: (config) => config.AGENDA_INTERVAL_MS, build: agendaScheduler },
  { name: 'outbox-relay', kind: 'schedule', schedule: '* * * * *', embeddedEveryMs: (config) => config.RELAY_INTERVAL_MS, build: outboxRelay },
];

export function findFunction(name: string): RippleFunction | undefined {
  return registry.find((fn) => fn.name === name);
}
