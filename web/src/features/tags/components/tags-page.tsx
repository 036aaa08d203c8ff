import { useEffect, useState } from 'preact/hooks';
import { TagChip } from '../../../components/badges.js';
import { Confirm } from '../../../components/dialog.js';
import { Loaded, useList } from '../../../components/loaded.js';
import { toast } from '../../../components/toasts.js';
import { describeError, fieldError } from '../../../lib/api.js';
import { onLive } from '../../../lib/live.js';
import { hrefOf } from '../../../lib/router.js';
import type { TagView } from '../../../lib/types.js';
import { createTag, deleteTag, listTags, updateTag } from '../api.js';

function TagRow(props: { tag: TagView; onChanged: () => void; onDelete: (tag: TagView) => void }) {
  const { tag } = props;
  const [name, setName] = useState(tag.name);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => setName(tag.name), [tag.name]);

  const save = async (patch: { name?: string; color?: string }) => {
    setError(undefined);
    try {
      await updateTag(tag.id, patch);
      props.onChanged();
    } catch (err) {
      setError(fieldError(err, 'name') ?? describeError(err));
      setName(tag.name);
    }
  };
  const id = `tag-${tag.id}`;
  return (
    <li class="tag-row">
      <TagChip tag={{ name: tag.name, color: tag.color }} />
      <label for={`${id}-name`} class="visually-hidden">
        Name of tag {tag.name}
      </label>
      <input
        id={`${id}-name`}
        value={name}
        maxLength={50}
        onInput={(e) => {
          setName(e.currentTarget.value);
          setError(undefined);
        }}
        onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
        onBlur={() => {
          if (name === tag.name) return;
          // An empty name is refused here, in words, and the old name comes back.
          if (!name.trim()) {
            setName(tag.name);
            setError('Give the tag a name');
          } else void save({ name });
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      <label for={`${id}-color`} class="visually-hidden">
        Color of tag {tag.name}
      </label>
      <input
        id={`${id}-color`}
        type="color"
        value={tag.color}
        onChange={(e) => void save({ color: e.currentTarget.value })}
      />
      <a href={hrefOf('/', { tags: tag.name, status: 'all' })} class="count">
        {tag.task_count} {tag.task_count === 1 ? 'task' : 'tasks'}
      </a>
      <button
        type="button"
        class="danger"
        onClick={() => props.onDelete(tag)}
        aria-label={`Delete tag ${tag.name}`}
      >
        Delete
      </button>
      {error && (
        <small id={`${id}-error`} class="error" role="alert">
          {error}
        </small>
      )}
    </li>
  );
}

/** Every tag with its live task count: rename, recolor, delete (after a confirmation), create. */
export function TagsPage() {
  const tags = useList(listTags);
  const { refresh } = tags;
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [deleting, setDeleting] = useState<TagView | null>(null);
  useEffect(refresh, []);
  useEffect(() => onLive((e) => e.kind !== 'notification' && refresh()), []);

  const create = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await createTag(name.trim());
      setName('');
      refresh();
    } catch (err) {
      setError(err);
    }
  };
  const createError = error ? (fieldError(error, 'name') ?? describeError(error)) : undefined;
  return (
    <main class="tags-page" id="main" tabIndex={-1}>
      <h2>Tags</h2>
      <form class="inline-form" onSubmit={create} noValidate>
        <label for="new-tag">New tag</label>
        <input
          id="new-tag"
          value={name}
          maxLength={50}
          onInput={(e) => {
            setName(e.currentTarget.value);
            setError(null);
          }}
          aria-invalid={createError ? true : undefined}
          aria-describedby={createError ? 'new-tag-error' : undefined}
        />
        <button type="submit" class="primary">
          Add
        </button>
        {createError && (
          <small id="new-tag-error" class="error" role="alert">
            {createError}
          </small>
        )}
      </form>
      <Loaded list={tags} empty="No tags yet. Tags you give tasks appear here.">
        {(items) => (
          <ul class="tag-list" aria-label="Tags">
            {items.map((tag) => (
              <TagRow key={tag.id} tag={tag} onChanged={refresh} onDelete={setDeleting} />
            ))}
          </ul>
        )}
      </Loaded>
      {deleting && (
        <Confirm
          title="Delete tag"
          text={`Delete the tag "${deleting.name}"? Its ${deleting.task_count} ${deleting.task_count === 1 ? 'task keeps' : 'tasks keep'} everything else.`}
          confirm="Delete tag"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            const tag = deleting;
            setDeleting(null);
            try {
              await deleteTag(tag.id);
              toast(`Deleted tag "${tag.name}"`);
            } catch (err) {
              toast(describeError(err), { tone: 'error' });
            }
            refresh();
          }}
        />
      )}
    </main>
  );
}
