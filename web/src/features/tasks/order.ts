import type { TaskView } from '../../lib/types.js';

/**
 * The position that puts `moving` at index `to` of the list without it: halfway between its new
 * neighbours, or a step past the one it lands beside at either end.
 */
export function positionAt(list: readonly TaskView[], moving: TaskView, to: number): number {
  const rest = list.filter((t) => t.id !== moving.id);
  const before = rest[to - 1];
  const after = rest[to];
  if (before && after) return (before.position + after.position) / 2;
  if (before) return before.position + 1000;
  if (after) return after.position - 1000;
  return moving.position;
}

/** The list as it is once `moving` has `position`: sorted again, ties by id (as the API orders them). */
export function reordered(
  list: readonly TaskView[],
  moving: TaskView,
  position: number,
): TaskView[] {
  return list
    .map((t) => (t.id === moving.id ? { ...t, position } : t))
    .sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1));
}
