import * as z from 'zod';
import { listAuditPage } from '../audit/audit.js';
import { listNotifications, markNotificationRead } from '../notifications/notifications.js';
import { listProjects } from '../projects/read-projects.js';
import { AuditEntry, AuditQuery } from '../schemas/audit.js';
import { Id, inOrder, Instant } from '../schemas/common.js';
import { Notification } from '../schemas/notification.js';
import { Project } from '../schemas/project.js';
import { Tag, TagCreateBody } from '../schemas/tag.js';
import { TagName } from '../schemas/task.js';
import { createTag, editTag, listTags } from '../tags/tags.js';
import { defineTool } from './tool.js';

export const listTagsTool = defineTool({
  name: 'list_tags',
  title: 'List tags',
  description: 'The user’s tags by name, with how many live tasks carry each.',
  input: z.strictObject({}),
  output: z.object({ items: z.array(Tag) }),
  annotations: { readOnlyHint: true },
  scope: 'read',
  run: async ({ deps, userId }) => ({ items: await listTags(deps, userId) }),
});

export const addTagTool = defineTool({
  name: 'add_tag',
  title: 'Add a tag',
  description:
    'Creates a tag (names are unique regardless of case); a color like #1e90ff is optional.',
  input: TagCreateBody,
  output: z.object({ tag: Tag }),
  annotations: { destructiveHint: false },
  scope: 'write',
  run: async ({ deps, userId }, args) => ({ tag: await createTag(deps, userId, args) }),
});

export const renameTagTool = defineTool({
  name: 'rename_tag',
  title: 'Rename a tag',
  description:
    'Renames a tag (and optionally recolors it); every task carrying it changes with it.',
  input: TagCreateBody.extend({ id: Id.meta({ description: 'The tag' }), name: TagName }),
  output: z.object({ tag: Tag }),
  annotations: { destructiveHint: true, idempotentHint: true },
  scope: 'write',
  run: async ({ deps, userId }, { id, ...patch }) => ({
    tag: await editTag(deps, userId, id, patch),
  }),
});

export const listProjectsTool = defineTool({
  name: 'list_projects',
  title: 'List projects',
  description:
    'The user’s projects in their own order (Inbox first), with their role and open, overdue and member counts; archived: true adds archived ones.',
  input: z.strictObject({ archived: z.boolean().optional() }),
  output: z.object({ items: z.array(Project) }),
  annotations: { readOnlyHint: true },
  scope: 'read',
  run: async ({ deps, userId }, { archived }) => ({
    items: await listProjects(deps, userId, { archived: archived === true }),
  }),
});

export const listNotificationsTool = defineTool({
  name: 'list_notifications',
  title: 'List notifications',
  description:
    'The user’s notifications (reminders, invitations, assignments), newest first, 100 at most; unread: true for unread ones only.',
  input: z.strictObject({ unread: z.boolean().optional() }),
  output: z.object({ items: z.array(Notification) }),
  annotations: { readOnlyHint: true },
  scope: 'read',
  run: async ({ deps, userId }, { unread }) => ({
    items: await listNotifications(deps, userId, unread === true),
  }),
});

export const markNotificationReadTool = defineTool({
  name: 'mark_notification_read',
  title: 'Mark a notification read',
  description: 'Marks one notification read.',
  input: z.strictObject({ id: Id.meta({ description: 'The notification' }) }),
  output: z.object({ notification: Notification }),
  annotations: { destructiveHint: false, idempotentHint: true },
  scope: 'write',
  run: async ({ deps, userId }, { id }) => ({
    notification: await markNotificationRead(deps, userId, id),
  }),
});

export const recentActivityTool = defineTool({
  name: 'recent_activity',
  title: 'Recent activity',
  description:
    'Changes to the tasks the user can read, newest first, a page at a time: who did what to which task; filter by task, project, event type or time.',
  input: z
    .strictObject({
      ...AuditQuery.shape,
      from: Instant.optional(),
      to: Instant.optional(),
      limit: z.int().min(1).max(100).default(20),
    })
    .refine((q) => inOrder(q.from, q.to), { error: 'must not be after to', path: ['from'] }),
  output: z.object({ items: z.array(AuditEntry), next_cursor: z.string().nullable() }),
  annotations: { readOnlyHint: true },
  scope: 'read',
  run: ({ deps, userId }, args) => listAuditPage(deps, userId, args),
});
