import { request } from '../../lib/api.js';
import type { MemberView, ProjectView, Role } from '../../lib/types.js';

export const listProjects = () => request<ProjectView[]>('GET', '/api/projects');
export const createProject = (name: string) =>
  request<ProjectView>('POST', '/api/projects', { body: { name } });

export const listMembers = (projectId: string) =>
  request<MemberView[]>('GET', `/api/projects/${projectId}/members`);
export const inviteMember = (projectId: string, email: string, role: Role) =>
  request<MemberView>('POST', `/api/projects/${projectId}/members`, { body: { email, role } });
export const changeRole = (projectId: string, userId: string, role: Role) =>
  request<MemberView>('PATCH', `/api/projects/${projectId}/members/${userId}`, { body: { role } });
/** Removes a member, cancels an invitation, or (the caller's own id) leaves the project. */
export const removeMember = (projectId: string, userId: string) =>
  request<void>('DELETE', `/api/projects/${projectId}/members/${userId}`);

/** The caller's pending invitations. */
export const listInvitations = () => request<MemberView[]>('GET', '/api/invitations');
export const acceptInvitation = (projectId: string) =>
  request<ProjectView>('POST', `/api/invitations/${projectId}/accept`);
export const declineInvitation = (projectId: string) =>
  request<void>('POST', `/api/invitations/${projectId}/decline`);
