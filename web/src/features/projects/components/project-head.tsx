import { useState } from 'preact/hooks';
import type { ProjectView } from '../../../lib/types.js';
import { ShareDialog } from './share-dialog.js';

/** The chosen project's name, the user's role in it, and its sharing (every project but the Inbox). */
export function ProjectHead(props: { project: ProjectView }) {
  const { project } = props;
  const [sharing, setSharing] = useState(false);
  const others = project.member_count - 1;
  return (
    <div class="project-head">
      <h2>{project.name}</h2>
      {project.member_count > 1 && <span class="role">{project.role}</span>}
      {!project.is_inbox && (
        <button type="button" id="share" onClick={() => setSharing(true)}>
          Share{others > 0 ? ` · ${others} ${others === 1 ? 'other' : 'others'}` : ''}
        </button>
      )}
      {sharing && <ShareDialog project={project} onClose={() => setSharing(false)} />}
    </div>
  );
}
