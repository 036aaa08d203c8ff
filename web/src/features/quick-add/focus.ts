/**
 * `q` from anywhere: focus the quick add field on screen now, and the one that comes on screen next
 * within two seconds. The shell may be going to the task list when the key comes, or drawing the
 * screen again after a link was followed: a field focused then may be replaced a moment later. Apart
 * from lib/intents so that it never takes an intent meant for the list.
 */
const fields = new Set<() => void>();
/** Until when (performance.now(), which the system clock does not move) a field that comes on screen takes the focus. */
let wantedUntil = 0;
const WANTED_MS = 2_000;

export function focusQuickAdd(now = performance.now()): void {
  wantedUntil = now + WANTED_MS;
  fields.forEach((focus) => focus());
}

export function onFocusQuickAdd(focus: () => void, now = performance.now()): () => void {
  fields.add(focus);
  if (now < wantedUntil) {
    wantedUntil = 0;
    focus();
  }
  return () => fields.delete(focus);
}
