import { useEffect, useState } from 'preact/hooks';
import { toast } from '../../components/toasts.js';
import { onLive } from '../../lib/live.js';
import { navigate, parseHash } from '../../lib/router.js';
import { session } from '../../lib/session.js';
import type { MemberView, ProjectView } from '../../lib/types.js';
import { listInvitations, listProjects } from './api.js';

/** The signed-in user's projects (Inbox first) and pending invitations, shared by every view. */
export interface ProjectsState {
  projects: ProjectView[] | null;
  invitations: MemberView[];
}

let state: ProjectsState = { projects: null, invitations: [] };
const listeners = new Set<(s: ProjectsState) => void>();
const publish = (next: Partial<ProjectsState>) => {
  state = { ...state, ...next };
  listeners.forEach((l) => l(state));
};

const inboxFirst = (list: ProjectView[]) => [
  ...list.filter((p) => p.is_inbox),
  ...list.filter((p) => !p.is_inbox),
];

let seq = 0;
/** Loads both lists again; an answer overtaken by a later call is dropped. */
export async function refreshProjects(): Promise<void> {
  const mine = ++seq;
  const [projects, invitations] = await Promise.all([listProjects(), listInvitations()]);
  if (mine === seq) publish({ projects: inboxFirst(projects), invitations });
}
const quietly = () => void refreshProjects().catch(() => {});

/** Drops a project the user just left from the list, before the server's answer says so. */
export function forget(projectId: string): void {
  publish({ projects: state.projects?.filter((p) => p.id !== projectId) ?? null });
}

/** The project the task list shows, from the URL (`#/?project=<id>`), or null for all of them. */
export const currentProjectId = () => parseHash(location.hash).params.get('project');

/** Away from a project the user can no longer see: to all tasks, keeping nothing of its view. */
function leaveIfShown(projectId: string) {
  const route = parseHash(location.hash);
  if (route.params.get('project') === projectId) navigate(route.path, {}, { replace: true });
}

/**
 * Keeps the lists current: a project or membership change refreshes them (and a task change, the
 * open counts); being removed from a project (or it being deleted) drops it from the list and
 * leaves its view. Started by the shell for as long as the user is signed in.
 */
export function watchProjects(): () => void {
  state = { projects: null, invitations: [] };
  quietly();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(quietly, 150);
  };
  const off = onLive((event) => {
    if (event.kind === 'notification') {
      if (event.notification.kind === 'invitation') quietly();
      return;
    }
    if (event.kind !== 'project') return soon();
    const me = session.get()?.user.id;
    const { member, project } = event;
    if (event.type === 'member.removed' && member && member.user_id === me) {
      // Dropped at once, before the list comes back; told only when it was still there (not when left here).
      const had = state.projects?.some((p) => p.id === member.project_id);
      publish({
        projects: state.projects?.filter((p) => p.id !== member.project_id) ?? null,
        invitations: state.invitations.filter((i) => i.project_id !== member.project_id),
      });
      if (had && member.status === 'active')
        toast(`You no longer have access to "${member.project_name}"`);
      leaveIfShown(member.project_id);
    }
    if (event.type === 'project.deleted' && project) {
      publish({ projects: state.projects?.filter((p) => p.id !== project.id) ?? null });
      leaveIfShown(project.id);
    }
    quietly();
  });
  return () => {
    clearTimeout(timer);
    off();
  };
}

export function useProjects(): ProjectsState {
  const [current, setCurrent] = useState(state);
  useEffect(() => {
    listeners.add(setCurrent);
    setCurrent(state);
    return () => void listeners.delete(setCurrent);
  }, []);
  return current;
}
