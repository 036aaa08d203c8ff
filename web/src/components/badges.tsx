import type { TagRef } from '../lib/types.js';

/** Priority as text and color, never color alone. */
export function PriorityBadge(props: { priority: string }) {
  return <span class={`priority p-${props.priority}`}>{props.priority}</span>;
}

/** Black or white text, whichever reads better on the tag's color. */
export function textOn(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  return 0.299 * r + 0.587 * g + 0.114 * b > 150 ? '#111' : '#fff';
}

export function TagChip(props: { tag: Pick<TagRef, 'name' | 'color'> }) {
  return (
    <span class="chip" style={{ background: props.tag.color, color: textOn(props.tag.color) }}>
      {props.tag.name}
    </span>
  );
}
