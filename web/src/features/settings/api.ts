import { request } from '../../lib/api.js';
import { session } from '../../lib/session.js';
import type { UserView } from '../../lib/types.js';
import type { AccountSessionView } from '../../../../functions/_shared/schemas/user.js';

export type { AccountSessionView };

export const getMe = () => request<UserView>('GET', '/api/me');

/** The stored session carries the user as the server has them now (a change tells every screen that reads it). */
function remember(user: UserView): UserView {
  const current = session.get();
  if (
    current &&
    current.user.id === user.id &&
    JSON.stringify(current.user) !== JSON.stringify(user)
  )
    session.set({ ...current, user });
  return user;
}

/** Saves name and time zone. */
export const saveProfile = async (patch: { name: string | null; timezone: string }) =>
  remember(await request<UserView>('PATCH', '/api/me', { body: patch }));

/** Reads the user again: a time zone changed on another device applies here without signing in again. */
export const refreshMe = async () => void remember(await getMe());

export const changePassword = (current_password: string, new_password: string) =>
  request<void>('POST', '/api/me/password', { body: { current_password, new_password } });

export const listSessions = async () =>
  (await request<{ items: AccountSessionView[] }>('GET', '/api/sessions')).items;
export const endSession = (id: string) =>
  request<void>('DELETE', `/api/sessions/${encodeURIComponent(id)}`);
export const endOtherSessions = () => request<void>('DELETE', '/api/sessions');

/** Said when the account's sessions changed here (a password change ends the others): the list reloads. */
export const SESSIONS_CHANGED = 'ripple:sessions-changed';
