import * as z from 'zod';
import { TASK_EVENTS } from '../events/catalog.js';
import { Id, inOrder, InstantOut, QueryInstant } from './common.js';
import { TaskSnapshot } from './task.js';

export const AuditEventType = z.enum(TASK_EVENTS);

export const AuditEntry = z
  .object({
    id: z.uuid(),
    event_id: z.string(),
    event_type: AuditEventType,
    task_id: z.uuid(),
    project_id: z.uuid(),
    /** Who made the change (email and name as they are now; null once the account is gone). */
    actor: z.object({ id: z.uuid(), email: z.string().nullable(), name: z.string().nullable() }),
    /** The task as the event carried it, at the moment of the change. */
    task: TaskSnapshot,
    occurred_at: InstantOut,
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditPage = z
  .object({ items: z.array(AuditEntry), next_cursor: z.string().nullable() })
  .meta({ id: 'AuditPage' });

export const AuditQuery = z
  .object({
    event_type: AuditEventType.optional(),
    task_id: Id.optional(),
    project_id: Id.optional().meta({ description: 'Only this project’s activity' }),
    from: QueryInstant.optional(),
    to: QueryInstant.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(1024).optional(),
  })
  .refine((q) => inOrder(q.from, q.to), { error: 'must not be after to', path: ['from'] });
export type AuditQuery = z.output<typeof AuditQuery>;
