import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { BellIcon } from '../../../components/icons.js';
import { toast } from '../../../components/toasts.js';
import { describeError } from '../../../lib/api.js';
import { afterFirstView } from '../../../lib/first-view.js';
import { ask } from '../../../lib/intents.js';
import { onLive } from '../../../lib/live.js';
import { navigate } from '../../../lib/router.js';
import { relativeTime } from '../../../lib/time.js';
import type { NotificationView } from '../../../lib/types.js';
import { listNotifications, markRead } from '../api.js';

const KIND: Record<NotificationView['kind'], string> = {
  reminder: 'Reminder',
  invitation: 'Invitation',
  assigned: 'Assigned to you',
};

/** The task list, its invitations shown (they are in the project list's column). */
function showInvitations() {
  if (location.hash.replace(/\?.*$/, '') !== '#/' && location.hash !== '') navigate('/');
  setTimeout(() => {
    const box = document.querySelector<HTMLDetailsElement>('.projects-box');
    if (box) box.open = true;
    document.getElementById('invitations')?.focus();
  }, 50);
}

/** The bell: unread count, the latest notifications, mark read. A reminder arriving live shows a toast. */
export function NotificationsMenu() {
  const [items, setItems] = useState<NotificationView[]>([]);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const refresh = () => void listNotifications().then(setItems, () => {});
  useEffect(() => afterFirstView(refresh), []);
  useEffect(
    () =>
      onLive((event) => {
        if (event.kind === 'task' || event.kind === 'project') return;
        if (event.kind === 'notification')
          toast(
            `${KIND[event.notification.kind]}: ${event.notification.title}`,
            event.notification.kind === 'invitation'
              ? { action: { label: 'Show', run: showInvitations } }
              : {},
          );
        refresh();
      }),
    [],
  );
  // Listening from the render that opens it (a layout effect, not an effect a frame later): focus that
  // moves away at once, as when n opens the new-task dialog right after the bell, still closes it.
  useLayoutEffect(() => {
    if (!open) return;
    // Escape, a click elsewhere, or focus moving elsewhere (a dialog opening, Tab past it) closes it.
    const close = (e: Event) => {
      if (
        e instanceof KeyboardEvent ? e.key === 'Escape' : !root.current?.contains(e.target as Node)
      )
        setOpen(false);
    };
    addEventListener('keydown', close);
    addEventListener('pointerdown', close);
    addEventListener('focusin', close);
    return () => {
      removeEventListener('keydown', close);
      removeEventListener('pointerdown', close);
      removeEventListener('focusin', close);
    };
  }, [open]);

  const unread = items.filter((n) => !n.read_at);
  const read = async (ids: string[]) => {
    try {
      await Promise.all(ids.map(markRead));
    } catch (err) {
      toast(describeError(err), { tone: 'error' });
    }
    refresh();
  };
  // A notification leads to its task (the list, with the task open) or, an invitation, to the
  // invitations waiting for an answer; reading it marks it read.
  const openTask = (n: NotificationView) => {
    setOpen(false);
    if (!n.read_at) void read([n.id]);
    if (!n.task_id) return showInvitations();
    if (location.hash.replace(/\?.*$/, '') !== '#/' && location.hash !== '') navigate('/');
    ask({ kind: 'open', id: n.task_id });
  };
  return (
    <div class="notifications" ref={root}>
      <button
        type="button"
        aria-expanded={open}
        aria-controls="notifications-panel"
        onClick={() => setOpen(!open)}
        aria-label={`Notifications, ${unread.length} unread`}
      >
        <BellIcon />
        {unread.length > 0 && <span class="badge">{unread.length}</span>}
      </button>
      {open && (
        <div id="notifications-panel" class="panel" role="region" aria-label="Notifications">
          <div class="panel-head">
            <strong>Notifications</strong>
            {unread.length > 0 && (
              <button type="button" class="link" onClick={() => void read(unread.map((n) => n.id))}>
                Mark all read
              </button>
            )}
          </div>
          {items.length === 0 ? (
            <p class="empty">No notifications.</p>
          ) : (
            <ul>
              {items.slice(0, 20).map((n) => (
                <li key={n.id} class={n.read_at ? 'read' : 'unread'}>
                  <span>
                    {KIND[n.kind]}:{' '}
                    <button type="button" class="link open" onClick={() => openTask(n)}>
                      {n.title}
                    </button>{' '}
                    <small>{relativeTime(n.created_at)}</small>
                  </span>
                  {!n.read_at && (
                    <button
                      type="button"
                      class="link"
                      onClick={() => void read([n.id])}
                      aria-label={`Mark read: ${n.title}`}
                    >
                      Mark read
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          <a href="#/settings/notifications" class="settings-link" onClick={() => setOpen(false)}>
            Notification settings
          </a>
        </div>
      )}
    </div>
  );
}
