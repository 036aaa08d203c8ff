import { textOn } from '../lib/contrast.js';
import type { TagRef } from '../lib/types.js';

/** Priority as text and color, never color alone. */
export function PriorityBadge(props: { priority: string }) {
  return <span class={`priority p-${props.priority}`}>{props.priority}</span>;
}

export function TagChip(props: { tag: Pick<TagRef, 'name' | 'color'> }) {
  return (
    <span class="chip" style={{ background: props.tag.color, color: textOn(props.tag.color) }}>
      {props.tag.name}
    </span>
  );
}
