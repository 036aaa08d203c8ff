// The API's shapes, inferred from the same zod schemas that validate them on the server (types only:
// nothing of zod reaches the bundle).
export type { TaskView, Recurrence, Priority } from '../../../functions/_shared/schemas/task.js';
export type { TagView } from '../../../functions/_shared/schemas/tag.js';
export type { AuditEntry } from '../../../functions/_shared/schemas/audit.js';
export type { NotificationView } from '../../../functions/_shared/schemas/notification.js';
export type {
  NotificationPreferences,
  PushSubscriptionView,
} from '../../../functions/_shared/schemas/channels.js';
export type { UserView } from '../../../functions/_shared/schemas/user.js';
import type { TaskView } from '../../../functions/_shared/schemas/task.js';
export type TagRef = TaskView['tags'][number];
export type {
  ProjectCore,
  MemberView,
  ProjectView,
} from '../../../functions/_shared/schemas/project.js';
import type { MemberView } from '../../../functions/_shared/schemas/project.js';
export type Role = MemberView['role'];
export type {
  ChatStatusView,
  ChatMessageView,
  ConversationView,
} from '../../../functions/_shared/schemas/chat.js';
