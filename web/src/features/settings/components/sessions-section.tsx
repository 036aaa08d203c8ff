import { useEffect } from 'preact/hooks';
import { Loaded, useList } from '../../../components/loaded.js';
import { toast } from '../../../components/toasts.js';
import { describeError } from '../../../lib/api.js';
import { absoluteTime, relativeTime } from '../../../lib/time.js';
import { signOut } from '../../auth/api.js';
import {
  endOtherSessions,
  endSession,
  listSessions,
  SESSIONS_CHANGED,
  type AccountSessionView,
} from '../api.js';
import { describeAgent } from '../agent.js';

/** After a row's button is gone, focus goes to the section's heading: never lost on <body>. */
const focusHeading = () => document.getElementById('settings-sessions')?.focus();

function SessionRow(props: { s: AccountSessionView; onEnd: (s: AccountSessionView) => void }) {
  const { s } = props;
  const device = describeAgent(s.user_agent);
  const active = relativeTime(s.last_used_at);
  return (
    <li class={`session${s.current ? ' current' : ''}`}>
      <div class="session-main">
        <strong>{device}</strong>
        {s.current && <span class="chip plain">This browser</span>}
        <small>
          {s.ip && s.ip !== 'unknown' ? `${s.ip} · ` : ''}
          active{' '}
          <time dateTime={s.last_used_at} title={absoluteTime(s.last_used_at)}>
            {active}
          </time>{' '}
          · signed in{' '}
          <time dateTime={s.created_at} title={absoluteTime(s.created_at)}>
            {relativeTime(s.created_at)}
          </time>
        </small>
      </div>
      <button
        type="button"
        class={s.current ? '' : 'danger'}
        onClick={() => props.onEnd(s)}
        aria-label={`Sign out ${s.current ? 'this browser' : `${device}, active ${active}`}`}
      >
        Sign out
      </button>
    </li>
  );
}

/** This browser first, then the others as the API orders them (most recently used first). */
async function thisBrowserFirst(): Promise<AccountSessionView[]> {
  const list = await listSessions();
  return [...list.filter((s) => s.current), ...list.filter((s) => !s.current)];
}

/** The account's sign-ins, newest use first: sign out any one, or every other at once. */
export function SessionsSection() {
  const sessions = useList(thisBrowserFirst);
  const { refresh } = sessions;
  useEffect(() => {
    refresh();
    addEventListener(SESSIONS_CHANGED, refresh);
    return () => removeEventListener(SESSIONS_CHANGED, refresh);
  }, []);

  const end = async (s: AccountSessionView) => {
    if (s.current) return signOut();
    try {
      await endSession(s.id);
      toast(`Signed out ${describeAgent(s.user_agent)}`);
    } catch (err) {
      toast(describeError(err), { tone: 'error' });
    }
    focusHeading();
    refresh();
  };
  const endOthers = async () => {
    try {
      await endOtherSessions();
      toast('Signed out every other session');
    } catch (err) {
      toast(describeError(err), { tone: 'error' });
    }
    focusHeading();
    refresh();
  };

  return (
    <Loaded list={sessions}>
      {(items) => {
        const others = items.filter((s) => !s.current).length;
        return (
          <>
            <p class="settings-note">
              Where your account is signed in. A session signed out here cannot renew itself; it
              ends within 15 minutes at the latest.
            </p>
            <ul class="sessions" aria-label="Sessions">
              {items.map((s) => (
                <SessionRow key={s.id} s={s} onEnd={end} />
              ))}
            </ul>
            {others > 0 && (
              <div class="settings-actions">
                <button type="button" class="danger" onClick={endOthers}>
                  Sign out {others === 1 ? 'the other session' : `all ${others} other sessions`}
                </button>
              </div>
            )}
          </>
        );
      }}
    </Loaded>
  );
}
