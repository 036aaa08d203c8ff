import * as z from 'zod';
import { Id } from './common.js';
import { Role } from './project.js';
import { Email } from './user.js';

/** POST /api/projects/:id/members */
export const InviteBody = z.strictObject({ email: Email, role: Role });
export type InviteBody = z.infer<typeof InviteBody>;

/** PATCH /api/projects/:id/members/:userId */
export const MemberPatchBody = z.strictObject({ role: Role });

export const MemberParams = z.object({ id: Id, userId: Id });
export const ProjectIdParam = z.object({ projectId: Id });
