import { useEffect, useState } from 'preact/hooks';
import { ActivityIcon, GearIcon, RepeatIcon } from './components/icons.js';
import { Toasts, undoLatest } from './components/toasts.js';
import { AuditPage } from './features/audit/components/audit-page.js';
import { signOut } from './features/auth/api.js';
import { AuthPage } from './features/auth/components/auth-page.js';
import { refreshMe } from './features/settings/api.js';
import { SettingsRoute } from './features/settings/route.js';
import { ChatButton, ChatHost } from './features/chat/components/chat-button.js';
import { watchProjects } from './features/projects/store.js';
import { focusQuickAdd } from './features/quick-add/focus.js';
import { watchCounts } from './features/views/store.js';
import { NotificationsMenu } from './features/notifications/components/notifications-menu.js';
import { SchedulesScreen } from './features/schedules/lazy.js';
import { NotificationSettings } from './features/notifications/components/notification-settings.js';
import { TagsPage } from './features/tags/components/tags-page.js';
import { TasksPage } from './features/tasks/components/tasks-page.js';
import { ask } from './lib/intents.js';
import { typing } from './lib/keys.js';
import { afterFirstView } from './lib/first-view.js';
import { connectLive, onLiveStatus, type LiveStatus } from './lib/live.js';
import { navigate, parseHash, useRoute } from './lib/router.js';
import { session } from './lib/session.js';

/**
 * `/` focuses search, `n` creates a task and `q` focuses quick add (from any screen), `u` or Ctrl+Z undoes the latest change
 * that offers Undo: anywhere but in a text field or a dialog. The screen is read when the key comes: a key pressed
 * just after a link was followed, before the page was drawn again, went by the screen left (a `q` on Tags was lost).
 */
function useHotkeys() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.metaKey || typing(e.target) || document.querySelector('dialog[open]'))
        return;
      if (e.key === 'u' || (e.ctrlKey && e.key === 'z')) {
        if (e.ctrlKey === (e.key === 'z') && undoLatest()) e.preventDefault();
        return;
      }
      if (e.ctrlKey || (e.key !== '/' && e.key !== 'n' && e.key !== 'q')) return;
      e.preventDefault();
      if (parseHash(location.hash).path !== '/') navigate('/');
      if (e.key === 'q') focusQuickAdd();
      else ask(e.key === '/' ? { kind: 'search' } : { kind: 'new' });
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);
}

const TITLES: Record<string, string> = {
  '/': 'Tasks',
  '/tags': 'Tags',
  '/schedules': 'Schedules',
  '/audit': 'Activity',
  '/settings': 'Settings',
  '/settings/notifications': 'Notifications',
};

function Shell(props: { email: string }) {
  const route = useRoute();
  const [live, setLive] = useState<LiveStatus>('connecting');
  useHotkeys();
  useEffect(() => {
    document.title = `${TITLES[route.path] ?? 'Tasks'} · Ripple`;
  }, [route.path]);
  useEffect(() => onLiveStatus(setLive), []);
  // The first view's own rows first (lib/first-view.ts).
  useEffect(() => afterFirstView(watchProjects), []);
  useEffect(() => afterFirstView(watchCounts), []);
  useEffect(() => afterFirstView(connectLive), []);
  // The stored copy of the user may be older than a change made on another device.
  useEffect(() => afterFirstView(() => void refreshMe().catch(() => {})), []);
  const link = (path: string, label: string) => (
    <a href={`#${path}`} aria-current={route.path === path ? 'page' : undefined}>
      {label}
    </a>
  );
  // On a phone, the icon alone (styles.css): the header has no room for five words. The word stays for screen readers.
  const iconLink = (path: string, label: string, Icon: typeof GearIcon) => (
    <a
      href={`#${path}`}
      class="icon-link"
      title={label}
      aria-current={route.path === path ? 'page' : undefined}
    >
      <Icon />
      <span>{label}</span>
    </a>
  );
  return (
    <>
      <a
        href="#main"
        class="skip"
        onClick={(e) => {
          // Focus only: the view (search, filters) and the history stay as they are.
          e.preventDefault();
          (document.getElementById('search') ?? document.getElementById('main'))?.focus();
        }}
      >
        Skip to content
      </a>
      <header class="top">
        <h1>Ripple</h1>
        <nav aria-label="Main">
          {link('/', 'Tasks')}
          {link('/tags', 'Tags')}
          {iconLink('/schedules', 'Schedules', RepeatIcon)}
          {iconLink('/audit', 'Activity', ActivityIcon)}
          {iconLink('/settings', 'Settings', GearIcon)}
        </nav>
        <span class={`live ${live}`} title={live === 'live' ? 'Live updates on' : 'Reconnecting…'}>
          {live === 'live' ? 'Live' : live === 'offline' ? 'Offline' : '…'}
        </span>
        <ChatButton />
        <NotificationsMenu />
        <span class="who">{props.email}</span>
        <button type="button" class="sign-out" onClick={signOut}>
          Sign out
        </button>
      </header>
      {route.path === '/settings/notifications' ? (
        <NotificationSettings />
      ) : route.path === '/settings' || route.path === '/tokens' ? (
        <SettingsRoute />
      ) : route.path === '/tags' ? (
        <TagsPage />
      ) : route.path === '/schedules' ? (
        <SchedulesScreen />
      ) : route.path === '/audit' ? (
        <AuditPage params={route.params} />
      ) : (
        <TasksPage params={route.params} />
      )}
      <ChatHost />
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
      {current ? (
        <Shell key={current.user.id} email={current.user.email} />
      ) : (
        <AuthPage mode={mode} onSwitch={setMode} />
      )}
      <Toasts />
    </>
  );
}
