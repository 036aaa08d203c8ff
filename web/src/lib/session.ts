import type { SessionView } from '../../../functions/_shared/schemas/user.js';

const KEY = 'ripple.session';

/** What sign-in answers, as stored; sessions stored before refresh tokens existed lack the renewal fields. */
export type Session = Omit<SessionView, 'refresh_token' | 'expires_in'> &
  Partial<Pick<SessionView, 'refresh_token' | 'expires_in'>>;

type Listener = (session: Session | null) => void;
const listeners = new Set<Listener>();

function read(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

let current = read();

/** The signed-in user and their token, kept in localStorage so that a reload stays signed in. */
export const session = {
  get: () => current,
  /** What storage holds now: another tab may have renewed the session a moment ago. */
  fresh: () => (current = read()),
  set(next: Session | null) {
    current = next;
    if (next) localStorage.setItem(KEY, JSON.stringify(next));
    else localStorage.removeItem(KEY);
    for (const listener of listeners) listener(next);
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

// Another tab signing in or out changes this one too.
addEventListener('storage', (e) => {
  if (e.key !== KEY) return;
  current = read();
  for (const listener of listeners) listener(current);
});
