import { useState } from 'preact/hooks';
import type { ProjectView } from '../../../lib/types.js';

export interface BulkActions {
  complete: () => void;
  move: (projectId: string) => void;
  tag: (name: string) => void;
  remove: () => void;
  clear: () => void;
}

/** What can be done to the selected tasks at once: complete, move to a project, add a tag, delete. */
export function BulkBar(props: { count: number; projects: ProjectView[]; actions: BulkActions }) {
  const [target, setTarget] = useState('');
  const [tag, setTag] = useState('');
  const { actions } = props;
  return (
    <section class="bulk" aria-label="Selected tasks">
      <p aria-live="polite">{props.count} selected</p>
      <button type="button" onClick={actions.complete}>
        Complete
      </button>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (target) actions.move(target);
        }}
      >
        <label for="bulk-project">Move to</label>
        <select id="bulk-project" value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
          <option value="">Choose a project</option>
          {props.projects
            .filter((p) => p.role !== 'viewer')
            .map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
        </select>
        <button type="submit" disabled={!target}>
          Move
        </button>
      </form>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (tag.trim()) actions.tag(tag.trim());
          setTag('');
        }}
      >
        <label for="bulk-tag">Add tag</label>
        <input
          id="bulk-tag"
          value={tag}
          maxLength={50}
          autocomplete="off"
          onInput={(e) => setTag(e.currentTarget.value)}
        />
        <button type="submit" disabled={!tag.trim()}>
          Tag
        </button>
      </form>
      <button type="button" class="danger" onClick={actions.remove}>
        Delete
      </button>
      <button type="button" onClick={actions.clear}>
        Clear selection
      </button>
    </section>
  );
}
