/**
 * `q` from anywhere: focus the quick add field, now if it is on screen, else as soon as it is (the
 * shell first goes to the task list). Apart from lib/intents so that it never takes an intent meant
 * for the list.
 */
const fields = new Set<() => void>();
let wanted = false;

export function focusQuickAdd(): void {
  if (fields.size) fields.forEach((focus) => focus());
  else wanted = true;
}

export function onFocusQuickAdd(focus: () => void): () => void {
  fields.add(focus);
  if (wanted) {
    wanted = false;
    focus();
  }
  return () => fields.delete(focus);
}
