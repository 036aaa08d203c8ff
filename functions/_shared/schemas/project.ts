import * as z from 'zod';
import { ROLES } from '../access/rule.js';
import { Id, InstantOut, Text } from './common.js';
import { Color } from './tag.js';

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

const ProjectName = Text.trim()
  .min(1, 'Give the project a name')
  .max(100, 'Keep the name to 100 characters or fewer');

/** A project as the API answers it: the same for every member, plus what is the caller's own and the counts. */
export const Project = ProjectCore.extend({
  role: Role,
  /** The caller's own place for it in their list of projects. */
  position: z.int().min(0),
  /** Live pending tasks (subtasks included). */
  open_count: z.int().min(0),
  /** Live pending tasks due before now. */
  overdue_count: z.int().min(0),
  /** Accepted members, the owner included. */
  member_count: z.int().min(1),
}).meta({ id: 'Project' });
export type ProjectView = z.infer<typeof Project>;
export const ProjectList = z.array(Project);

export const ProjectCreateBody = z.strictObject({ name: ProjectName, color: Color.optional() });
export type ProjectCreate = z.output<typeof ProjectCreateBody>;

export const ProjectPatchBody = z.strictObject({
  name: ProjectName.optional(),
  color: Color.optional(),
  archived: z.boolean().optional(),
  position: z.int().min(0).max(1_000_000).optional(),
});
export type ProjectPatch = z.output<typeof ProjectPatchBody>;

export const ProjectListQuery = z.strictObject({ archived: z.enum(['true', 'false']).optional() });

export const ProjectOwnerBody = z.strictObject({ user_id: Id });

/** If-Match on a project: its version, quoted. */
export const ProjectIfMatchHeader = z.object({
  'if-match': z
    .string()
    .regex(/^"[1-9][0-9]{0,9}"$/, 'must be a quoted project version, e.g. "3"')
    .transform((v) => Number(v.slice(1, -1)))
    .optional(),
});
