import { useState } from 'preact/hooks';
import { FormError } from '../../../components/field.js';
import { toast } from '../../../components/toasts.js';
import { describeError } from '../../../lib/api.js';
import { hrefOf, navigate } from '../../../lib/router.js';
import type { ProjectView } from '../../../lib/types.js';
import { createProject } from '../api.js';
import { refreshProjects } from '../store.js';
import { Invitations } from './invitations.js';

// On a phone the list starts folded; choosing a project folds it again.
const roomy = () => matchMedia('(min-width: 48rem)').matches;
const fold = (e: Event) => {
  const box = (e.currentTarget as HTMLElement).closest('details');
  if (box && !roomy()) box.open = false;
};

/** A project's link (its name) and beside it its open count, read as "3 open". */
function Entry(props: { href: string; current: boolean; name: string; open: number | null; shared?: boolean }) {
  return (
    <li class={props.current ? 'current' : undefined}>
      <a href={props.href} aria-current={props.current ? 'page' : undefined} onClick={fold}>
        {props.name}
      </a>
      {props.shared && <span class="shared">shared</span>}
      {props.open !== null && (
        <span class="n">
          {props.open}
          <span class="visually-hidden"> open</span>
        </span>
      )}
    </li>
  );
}

/** The project list (Inbox first, open counts), a new project, and invitations waiting for an answer. */
export function ProjectSwitcher(props: { projects: ProjectView[] | null; current: string }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const list = props.projects ?? [];
  const chosen = list.find((p) => p.id === props.current);

  const create = async (e: Event) => {
    e.preventDefault();
    if (!name.trim()) return setError('Give the project a name.');
    setBusy(true);
    setError(undefined);
    try {
      const project = await createProject(name.trim());
      setName('');
      toast(`Created project "${project.name}"`);
      await refreshProjects().catch(() => {});
      navigate('/', { project: project.id });
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <aside class="side">
      <details class="projects-box" open={roomy()}>
        <summary>Projects · {chosen?.name ?? 'All tasks'}</summary>
        <nav class="projects" aria-label="Projects">
          <ul>
            <Entry href={hrefOf('/')} current={!props.current} name="All tasks" open={props.projects ? list.reduce((n, p) => n + p.open_count, 0) : null} />
            {list.map((p) => (
              <Entry key={p.id} href={hrefOf('/', { project: p.id })} current={p.id === props.current} name={p.name} open={p.open_count} shared={p.member_count > 1} />
            ))}
          </ul>
          <form class="new-project" onSubmit={(e) => void create(e)}>
            <label for="new-project" class="visually-hidden">
              New project name
            </label>
            <input id="new-project" placeholder="New project" value={name} maxLength={100} onInput={(e) => setName(e.currentTarget.value)} autocomplete="off" />
            <button type="submit" disabled={busy}>
              Add
            </button>
            <FormError text={error} />
          </form>
        </nav>
      </details>
      <Invitations />
    </aside>
  );
}
