import type { TagView } from '../../../lib/types.js';
import { isFiltered, PRIORITY_NAMES, SORTS, STATUSES, type ListView } from '../query.js';

/**
 * Status, priority, tags (all must match), due range, overdue, and the sort: every change goes to the
 * URL. Folded until opened, or while the view is filtered.
 */
export function FilterPanel(props: {
  view: ListView;
  tags: TagView[];
  onChange: (view: ListView) => void;
}) {
  const { view } = props;
  const set = (patch: Partial<ListView>) => props.onChange({ ...view, ...patch });
  const toggle = (list: string[], item: string, on: boolean) =>
    on ? [...list, item] : list.filter((x) => x !== item);
  return (
    <details class="filters-box" open={isFiltered(view)}>
      <summary>Filters and sort{isFiltered(view) ? ' (filtered)' : ''}</summary>
      <section class="filters" aria-label="Filters and sort">
        <div class="filter-group">
          <label for="f-status">Status</label>
          <select
            id="f-status"
            value={view.status}
            onChange={(e) => set({ status: e.currentTarget.value as ListView['status'] })}
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s === 'all' ? 'All' : s === 'pending' ? 'Open' : 'Completed'}
              </option>
            ))}
          </select>
        </div>
        <fieldset class="filter-group">
          <legend>Priority</legend>
          {PRIORITY_NAMES.map((p) => (
            <label key={p} class="check">
              <input
                type="checkbox"
                checked={view.priority.includes(p)}
                onChange={(e) =>
                  set({ priority: toggle(view.priority, p, e.currentTarget.checked) })
                }
              />
              {p}
            </label>
          ))}
        </fieldset>
        {props.tags.length > 0 && (
          <fieldset class="filter-group">
            <legend>Tags (all of)</legend>
            {props.tags.map((t) => (
              <label key={t.id} class="check">
                <input
                  type="checkbox"
                  checked={view.tags.includes(t.name)}
                  onChange={(e) =>
                    set({ tags: toggle(view.tags, t.name, e.currentTarget.checked) })
                  }
                />
                {t.name}
              </label>
            ))}
          </fieldset>
        )}
        <div class="filter-group">
          <label for="f-due-from">Due from</label>
          <input
            id="f-due-from"
            type="date"
            value={view.due_from}
            onChange={(e) => set({ due_from: e.currentTarget.value })}
          />
          <label for="f-due-to">Due to</label>
          <input
            id="f-due-to"
            type="date"
            value={view.due_to}
            onChange={(e) => set({ due_to: e.currentTarget.value })}
          />
          <label class="check">
            <input
              type="checkbox"
              checked={view.overdue}
              onChange={(e) => set({ overdue: e.currentTarget.checked })}
            />
            Overdue only
          </label>
        </div>
        <div class="filter-group">
          <label for="f-sort">Sort by</label>
          <select
            id="f-sort"
            value={view.sort}
            onChange={(e) => set({ sort: e.currentTarget.value as ListView['sort'] })}
          >
            {SORTS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          <label for="f-order">Order</label>
          <select
            id="f-order"
            value={view.order}
            onChange={(e) => set({ order: e.currentTarget.value as ListView['order'] })}
          >
            <option value="desc">Descending</option>
            <option value="asc">Ascending</option>
          </select>
        </div>
      </section>
    </details>
  );
}
