import { useState } from 'preact/hooks';
import type { TagView } from '../../../lib/types.js';

/**
 * The task's tags as removable chips, and a box to add one: pick an existing tag from the list, or
 * type a new name and press Enter or comma (the API creates unknown tags).
 */
export function TagInput(props: {
  id: string;
  value: string[];
  known: TagView[];
  onChange: (tags: string[]) => void;
  autofocus?: boolean;
}) {
  const [text, setText] = useState('');
  const has = (name: string) => props.value.some((t) => t.toLowerCase() === name.toLowerCase());
  const add = (raw: string) => {
    const name = raw.trim();
    if (name && !has(name)) props.onChange([...props.value, name]);
    setText('');
  };
  return (
    <div class="tag-input">
      {props.value.map((name) => (
        <span class="chip plain" key={name}>
          {name}
          <button
            type="button"
            class="icon"
            aria-label={`Remove tag ${name}`}
            onClick={() => props.onChange(props.value.filter((t) => t !== name))}
          >
            ×
          </button>
        </span>
      ))}
      <input
        id={props.id}
        list={`${props.id}-known`}
        value={text}
        placeholder="Add a tag…"
        autofocus={props.autofocus}
        onInput={(e) => {
          const value = e.currentTarget.value;
          // Picking from the list fills the box with an exact known name: take it at once.
          if (props.known.some((t) => t.name === value)) add(value);
          else setText(value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ',') {
            if (!text.trim()) return;
            e.preventDefault();
            add(text);
          } else if (e.key === 'Backspace' && !text && props.value.length) {
            props.onChange(props.value.slice(0, -1));
          }
        }}
        onBlur={() => add(text)}
      />
      <datalist id={`${props.id}-known`}>
        {props.known
          .filter((t) => !has(t.name))
          .map((t) => (
            <option key={t.id} value={t.name} />
          ))}
      </datalist>
    </div>
  );
}
