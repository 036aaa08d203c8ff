import type { NotificationView } from '../../../functions/_shared/schemas/notification.js';
import type { MemberView, ProjectCore } from '../../../functions/_shared/schemas/project.js';
import type { TaskView } from '../../../functions/_shared/schemas/task.js';
import { ApiError, apiUrl, request } from './api.js';

/**
 * `ready`: the stream is (re)connected. Whatever changed before it was listening (between a view's
 * first load and the stream's start, or while it was away without a point to resume from) is not
 * replayed, so views reload then. `project`: a project or a membership of one changed
 * (`project.updated`, `member.removed`…), with the project or the member as it is after it.
 */
export type LiveEvent =
  | { kind: 'task'; type: string; task: TaskView }
  | { kind: 'notification'; notification: NotificationView }
  | { kind: 'project'; type: string; project?: ProjectCore; member?: MemberView }
  | { kind: 'ready' };
export type LiveStatus = 'connecting' | 'live' | 'offline';

type Listener = (event: LiveEvent) => void;
const listeners = new Set<Listener>();
const statusListeners = new Set<(status: LiveStatus) => void>();

/** Hears every change the server pushes for the signed-in user (another tab, another device, a reminder). */
export function onLive(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function onLiveStatus(listener: (status: LiveStatus) => void): () => void {
  statusListeners.add(listener);
  return () => statusListeners.delete(listener);
}

const emit = (event: LiveEvent) => listeners.forEach((l) => l(event));
const setStatus = (status: LiveStatus) => statusListeners.forEach((l) => l(status));

/**
 * Keeps one EventSource open on GET /api/stream. Its token lives a minute, so the browser's own
 * reconnect (same URL, old token) cannot be relied on: on any error this closes it, asks for a new
 * token, and opens again from the last event it saw, so nothing in between is missed. It retries with
 * backoff while the server is away. Returns the function that stops it.
 */
export function connectLive(): () => void {
  let source: EventSource | undefined;
  let lastId: string | undefined;
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;

  const open = async () => {
    if (stopped) return;
    setStatus('connecting');
    let token: string;
    try {
      ({ token } = await request<{ token: string }>('POST', '/api/stream/token'));
    } catch (err) {
      // Signed out (401) ends it; anything else is the server being away: try again.
      if (err instanceof ApiError && err.status === 401) return;
      return later();
    }
    if (stopped) return;
    const params = new URLSearchParams({ token });
    if (lastId) params.set('last_event_id', lastId);
    const es = new EventSource(apiUrl(`/api/stream?${params}`));
    source = es;
    es.addEventListener('ready', (e) => {
      failures = 0;
      lastId ??= (JSON.parse((e as MessageEvent<string>).data) as { last_event_id: string })
        .last_event_id;
      setStatus('live');
      emit({ kind: 'ready' });
    });
    es.addEventListener('task', (e) => {
      const m = e as MessageEvent<string>;
      lastId = m.lastEventId;
      const data = JSON.parse(m.data) as { type: string; task: TaskView };
      emit({ kind: 'task', type: data.type, task: data.task });
    });
    es.addEventListener('notification', (e) => {
      const m = e as MessageEvent<string>;
      lastId = m.lastEventId;
      emit({
        kind: 'notification',
        notification: (JSON.parse(m.data) as { notification: NotificationView }).notification,
      });
    });
    es.addEventListener('project', (e) => {
      const m = e as MessageEvent<string>;
      lastId = m.lastEventId;
      const data = JSON.parse(m.data) as {
        type: string;
        project?: ProjectCore;
        member?: MemberView;
      };
      emit({ kind: 'project', type: data.type, project: data.project, member: data.member });
    });
    es.onerror = () => {
      es.close();
      if (source === es) later();
    };
  };

  const later = () => {
    setStatus('offline');
    failures += 1;
    retry = setTimeout(open, Math.min(500 * 2 ** (failures - 1), 10_000));
  };

  void open();
  return () => {
    stopped = true;
    clearTimeout(retry);
    source?.close();
  };
}
