/**
 * What the user asked of the task list from elsewhere (a key on Tags, a notification): new task,
 * open a task, focus search. Kept until the task list is there to take it, so that asking from
 * another screen works once the list has rendered.
 */
export type Intent = { kind: 'new' } | { kind: 'open'; id: string } | { kind: 'search' };

type Listener = (intent: Intent) => void;
const listeners = new Set<Listener>();
let pending: Intent | null = null;

export function ask(intent: Intent): void {
  if (listeners.size) listeners.forEach((l) => l(intent));
  else pending = intent;
}

/** The task list takes intents while it is shown, starting with one asked for before it was. */
export function onIntent(listener: Listener): () => void {
  listeners.add(listener);
  if (pending) {
    const intent = pending;
    pending = null;
    listener(intent);
  }
  return () => listeners.delete(listener);
}
