import { request } from '../../lib/api.js';
import { session } from '../../lib/session.js';
import type { UserView } from '../../lib/types.js';
import type { AccountSessionView } from '../../../../functions/_shared/schemas/user.js';

export type { AccountSessionView };

export const getMe = () => request<UserView>('GET', '/api/me');

/** Saves name and time zone; the stored session carries the user as it is now. */
export async function saveProfile(patch: { name: string | null; timezone: string }): Promise<UserView> {
  const user = await request<UserView>('PATCH', '/api/me', { body: patch });
  const current = session.get();
  if (current && current.user.id === user.id) session.set({ ...current, user });
  return user;
}

export const changePassword = (current_password: string, new_password: string) =>
  request<void>('POST', '/api/me/password', { body: { current_password, new_password } });

export const listSessions = async () => (await request<{ items: AccountSessionView[] }>('GET', '/api/sessions')).items;
export const endSession = (id: string) => request<void>('DELETE', `/api/sessions/${encodeURIComponent(id)}`);
export const endOtherSessions = () => request<void>('DELETE', '/api/sessions');

/** Said when the account's sessions changed here (a password change ends the others): the list reloads. */
export const SESSIONS_CHANGED = 'ripple:sessions-changed';
