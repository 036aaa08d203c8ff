import type { Role } from '../db/database.js';
import { forbidden, notFound } from '../errors.js';

/**
 * The access rule, the one place it is written: what a member of a project may do is decided by
 * their role; someone who is not a member (or whose invitation still waits) may do nothing, and is
 * told nothing: what they ask for answers 404, exactly as if it did not exist.
 */
export const ROLES = ['viewer', 'editor', 'admin'] as const satisfies readonly Role[];

/** read: see the project and its tasks; write: change its tasks; manage: the project and its members. */
export type Action = 'read' | 'write' | 'manage';

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };
const NEEDS: Record<Action, Role> = { read: 'viewer', write: 'editor', manage: 'admin' };

/** Whether a member with `role` may do `action`; `null` is no membership. */
export function allows(role: Role | null | undefined, action: Action): boolean {
  return role != null && RANK[role] >= RANK[NEEDS[action]];
}

/** The rule as the API answers it: 404 `<what> not found` for a non-member, 403 for a role too low. */
export function authorize(
  role: Role | null | undefined,
  action: Action,
  what: 'Task' | 'Project' | 'Series',
): asserts role is Role {
  if (!allows(role, 'read')) throw notFound(`${what} not found`);
  if (!allows(role, action)) throw forbidden(DENIED[action]);
}

const DENIED: Record<Action, string> = {
  read: '',
  write: 'Your role in this project lets you view its tasks, not change them',
  manage: 'Only an admin of this project can manage it and its members',
};
