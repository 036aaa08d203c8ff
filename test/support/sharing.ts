import { expect } from 'vitest';
import type { Role } from '../../functions/_shared/db/database.js';
import type { client } from './client.js';

type Client = ReturnType<typeof client>;
type Account = Client & { user: { id: string }; email: string };

/** A new (non-Inbox) project of `owner`, made through the API. */
export async function newProject(owner: Client, name = 'Shared'): Promise<{ id: string; name: string }> {
  const res = await owner.post('/api/projects', { name });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** `admin` invites `member` with `role` and `member` accepts: a client's whole way into a project. */
export async function share(admin: Client, projectId: string, member: Account, role: Role): Promise<void> {
  const invited = await admin.post(`/api/projects/${projectId}/members`, { email: member.email, role });
  expect(invited.status, JSON.stringify(invited.body)).toBe(201);
  const accepted = await member.post(`/api/invitations/${projectId}/accept`);
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
}
