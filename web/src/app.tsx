import { useEffect, useState } from 'preact/hooks';
import { Toasts } from './components/toasts.js';
import { AuditPage } from './features/audit/components/audit-page.js';
import { signOut } from './features/auth/api.js';
import { AuthPage } from './features/auth/components/auth-page.js';
import { NotificationsMenu } from './features/notifications/components/notifications-menu.js';
import { TagsPage } from './features/tags/components/tags-page.js';
import { NEW_TASK_EVENT, TasksPage } from './features/tasks/components/tasks-page.js';
import { connectLive, onLiveStatus, type LiveStatus } from './lib/live.js';
import { navigate, useRoute } from './lib/router.js';
import { session } from './lib/session.js';

const typing = (el: EventTarget | null) => el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

/** `/` focuses search, `n` creates a task: anywhere but in a field or a dialog. */
function useHotkeys(path: string) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target) || document.querySelector('dialog[open]')) return;
      if (e.key !== '/' && e.key !== 'n') return;
      e.preventDefault();
      if (path !== '/') navigate('/');
      // After the task list has rendered (at once if it already shows).
      setTimeout(() => {
        if (e.key === '/') document.getElementById('search')?.focus();
        else dispatchEvent(new Event(NEW_TASK_EVENT));
      });
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [path]);
}

function Shell(props: { email: string }) {
  const route = useRoute();
  const [live, setLive] = useState<LiveStatus>('connecting');
  useHotkeys(route.path);
  useEffect(() => onLiveStatus(setLive), []);
  useEffect(connectLive, []);
  const link = (path: string, label: string) => (
    <a href={`#${path}`} aria-current={route.path === path ? 'page' : undefined}>
      {label}
    </a>
  );
  return (
    <>
      <a href="#search" class="skip">
        Skip to search
      </a>
      <header class="top">
        <h1>Ripple</h1>
        <nav aria-label="Main">
          {link('/', 'Tasks')}
          {link('/tags', 'Tags')}
          {link('/audit', 'Activity')}
        </nav>
        <span class={`live ${live}`} title={live === 'live' ? 'Live updates on' : 'Reconnecting…'}>
          {live === 'live' ? 'Live' : live === 'offline' ? 'Offline' : '…'}
        </span>
        <NotificationsMenu />
        <span class="who">{props.email}</span>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      {route.path === '/tags' ? <TagsPage /> : route.path === '/audit' ? <AuditPage params={route.params} /> : <TasksPage params={route.params} />}
    </>
  );
}

export function App() {
  const [current, setCurrent] = useState(session.get());
  const [mode, setMode] = useState<'signin' | 'signup'>(session.get() ? 'signin' : 'signup');
  useEffect(
    () =>
      session.subscribe((next) => {
        setCurrent(next);
        // Signed out, or the session ended: the way back is signing in.
        if (!next) setMode('signin');
      }),
    [],
  );
  return (
    <>
      {current ? <Shell key={current.user.id} email={current.user.email} /> : <AuthPage mode={mode} onSwitch={setMode} />}
      <Toasts />
    </>
  );
}
