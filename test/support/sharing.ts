import { expect } from 'vitest';
import type { Role } from '../../functions/_shared/db/database.js';
import type { Hono } from 'hono';
import type { AppEnv } from '../../functions/_shared/http/env.js';
import { signedInClient } from './client.js';
import { newProject, type User } from './projects.js';

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

/** Where most sharing stories start: an owner's new project (`name`), with a member in it as an editor. */
export async function sharedProject(app: Hono<AppEnv>, name?: string) {
  const owner = await signedInClient(app);
  const member = await signedInClient(app);
  const project = await newProject(owner, name);
  await share(owner, project.id, member, 'editor');
  return { owner, member, project };
}
