import * as z from 'zod';
import { ROLES } from '../access/rule.js';
import { InstantOut } from './common.js';

export const Role = z.enum(ROLES);

/** A project as an event carries it: the same for every member. */
export const ProjectCore = z
  .object({
    id: z.uuid(),
    name: z.string(),
    color: z.string(),
    is_inbox: z.boolean(),
    owner_id: z.uuid(),
    archived_at: InstantOut.nullable(),
    deleted_at: InstantOut.nullable(),
    created_at: InstantOut,
    updated_at: InstantOut,
    version: z.int().min(1),
  })
  .meta({ id: 'ProjectCore' });
export type ProjectCore = z.infer<typeof ProjectCore>;

/** A membership, or an invitation while `accepted_at` is null. Member events carry it. */
export const Member = z
  .object({
    project_id: z.uuid(),
    project_name: z.string(),
    user_id: z.uuid(),
    email: z.string(),
    name: z.string().nullable(),
    role: Role,
    status: z.enum(['invited', 'active']),
    invited_by: z.uuid().nullable(),
    invited_at: InstantOut,
    accepted_at: InstantOut.nullable(),
  })
  .meta({ id: 'Member' });
export type MemberView = z.infer<typeof Member>;
