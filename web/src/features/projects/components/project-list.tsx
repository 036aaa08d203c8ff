import { useState } from 'preact/hooks';
import { FormError } from '../../../components/field.js';
import { toast } from '../../../components/toasts.js';
import { describeError } from '../../../lib/api.js';
import { hrefOf, navigate } from '../../../lib/router.js';
import type { ProjectView } from '../../../lib/types.js';
import { createProject } from '../api.js';
import { refreshProjects } from '../store.js';

// On a phone the sidebar starts folded; choosing a view folds it again.
export const roomy = () => matchMedia('(min-width: 48rem)').matches;
const fold = (e: Event) => {
  const box = (e.currentTarget as HTMLElement).closest('details');
  if (box && !roomy()) box.open = false;
};

/** A view's link (its name) and beside it its open count, read as "3 open". */
export function Entry(props: {
  href: string;
  current: boolean;
  name: string;
  open: number | null;
  shared?: boolean;
}) {
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

/** The project list (Inbox first, open counts) and a new project, in the sidebar. */
export function ProjectList(props: {
  projects: ProjectView[] | null;
  current: string;
  all: boolean;
}) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const list = props.projects ?? [];

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
    <nav class="projects" aria-label="Projects">
      <ul>
        <Entry
          href={hrefOf('/')}
          current={props.all}
          name="All tasks"
          open={props.projects ? list.reduce((n, p) => n + p.open_count, 0) : null}
        />
        {list.map((p) => (
          <Entry
            key={p.id}
            href={hrefOf('/', { project: p.id })}
            current={p.id === props.current}
            name={p.name}
            open={p.open_count}
            shared={p.member_count > 1}
          />
        ))}
      </ul>
      <form class="new-project" onSubmit={(e) => void create(e)}>
        <label for="new-project" class="visually-hidden">
          New project name
        </label>
        <input
          id="new-project"
          placeholder="New project"
          value={name}
          maxLength={100}
          onInput={(e) => setName(e.currentTarget.value)}
          autocomplete="off"
        />
        <button type="submit" disabled={busy}>
          Add
        </button>
        <FormError text={error} />
      </form>
    </nav>
  );
}
