import { joinList } from '../../../../../functions/_shared/schemas/list-param.js';
import { hrefOf } from '../../../lib/router.js';
import type { ProjectView, TagView } from '../../../lib/types.js';
import { Invitations } from '../../projects/components/invitations.js';
import { Entry, ProjectList, roomy } from '../../projects/components/project-list.js';
import type { ListView } from '../../tasks/query.js';
import { useCounts } from '../store.js';

const VIEW_NAMES = { today: 'Today', upcoming: 'Upcoming', assigned: 'Assigned to me' } as const;

/** What the sidebar calls the view shown: its name, a project's, a tag's, or "All tasks". */
export function viewTitle(view: ListView, projects: ProjectView[] | null): string {
  if (view.view) return VIEW_NAMES[view.view];
  if (view.project) return projects?.find((p) => p.id === view.project)?.name ?? 'Project';
  if (view.tags.length === 1 && !view.q) return `#${view.tags[0]}`;
  return 'All tasks';
}

/**
 * The views with their open counts: Today, Upcoming, Assigned to me, the projects (and a new one),
 * the tags; invitations waiting for an answer below. On a phone it folds into one line naming the view.
 */
export function Sidebar(props: {
  view: ListView;
  projects: ProjectView[] | null;
  tags: TagView[] | null;
}) {
  const counts = useCounts();
  const { view } = props;
  const plain =
    !view.project &&
    !view.q &&
    view.status === 'pending' &&
    !view.priority.length &&
    !view.due_from &&
    !view.due_to &&
    !view.overdue;
  const tagShown =
    plain && !view.view && view.tags.length === 1 ? view.tags[0]!.toLowerCase() : null;
  return (
    <aside class="side">
      <details class="projects-box" open={roomy()}>
        <summary>Views · {viewTitle(view, props.projects)}</summary>
        <nav class="views" aria-label="Views">
          <ul>
            {(['today', 'upcoming', 'assigned'] as const).map((name) => (
              <Entry
                key={name}
                href={hrefOf('/', { view: name })}
                current={view.view === name}
                name={VIEW_NAMES[name]}
                open={counts ? counts.counts[name] : null}
              />
            ))}
          </ul>
        </nav>
        <ProjectList
          projects={props.projects}
          current={view.view ? '' : view.project}
          all={!view.view && !view.project && !tagShown && plain && !view.tags.length}
        />
        {props.tags && props.tags.length > 0 && (
          <nav class="tag-views" aria-label="Tags">
            <ul>
              {props.tags.map((t) => (
                <Entry
                  key={t.id}
                  href={hrefOf('/', { tags: joinList([t.name]) })}
                  current={tagShown === t.name.toLowerCase()}
                  name={`#${t.name}`}
                  open={counts ? (counts.tags[t.name.toLowerCase()] ?? 0) : null}
                />
              ))}
            </ul>
          </nav>
        )}
      </details>
      <Invitations />
    </aside>
  );
}
