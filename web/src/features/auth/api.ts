import { request } from '../../lib/api.js';
import { session, type Session } from '../../lib/session.js';
import { browserTimeZone } from '../../lib/time.js';

export async function signIn(email: string, password: string): Promise<void> {
  session.set(await request<Session>('POST', '/api/auth/signin', { body: { email, password } }));
}

/** A new account in this browser's time zone, where recurrence and reminders are computed. */
export async function signUp(email: string, password: string, name: string): Promise<void> {
  const body = {
    email,
    password,
    timezone: browserTimeZone(),
    ...(name.trim() ? { name: name.trim() } : {}),
  };
  session.set(await request<Session>('POST', '/api/auth/signup', { body }));
}

/** Ends the session here and on the server, so that its refresh token is worthless wherever it was copied. */
export function signOut(): void {
  const refreshToken = session.get()?.refresh_token;
  session.set(null);
  if (refreshToken)
    void request('POST', '/api/auth/signout', { body: { refresh_token: refreshToken } }).catch(
      () => {},
    );
}
