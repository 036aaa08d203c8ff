import { expect } from 'vitest';
import type { Role } from '../../functions/_shared/db/database.js';
import type { User } from './projects.js';

/** `admin` invites `member` with `role` and `member` accepts, through the API: a client's whole way into a project. */
export async function share(
  admin: User,
  projectId: string,
  member: User,
  role: Role,
): Promise<void> {
  const invited = await admin.post(`/api/projects/${projectId}/members`, {
    email: member.email,
    role,
  });
  expect(invited.status, JSON.stringify(invited.body)).toBe(201);
  const accepted = await member.post(`/api/invitations/${projectId}/accept`);
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
}
