import { useEffect, useState } from 'preact/hooks';

export interface Toast {
  id: number;
  text: string;
  action?: { label: string; run: () => void };
  tone?: 'info' | 'error';
}

type Listener = (toasts: Toast[]) => void;
let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<Listener>();
const timers = new Map<number, ReturnType<typeof setTimeout>>();
const publish = () => listeners.forEach((l) => l(toasts));
const lifetime = (t: Toast) => (t.action ? 8000 : 5000);

export function dismiss(id: number): void {
  clearTimeout(timers.get(id));
  timers.delete(id);
  toasts = toasts.filter((t) => t.id !== id);
  publish();
}

function schedule(t: Toast, ms: number) {
  clearTimeout(timers.get(t.id));
  timers.set(
    t.id,
    setTimeout(() => dismiss(t.id), ms),
  );
}

/** Shows a message for a while (longer when it offers an action, such as Undo). */
export function toast(text: string, options: Omit<Toast, 'id' | 'text'> = {}): number {
  const t = { id: nextId++, text, ...options };
  for (const old of toasts.slice(0, -3)) dismiss(old.id);
  toasts = [...toasts, t];
  publish();
  schedule(t, lifetime(t));
  return t.id;
}

/** Runs the newest toast's Undo (the `u` / Ctrl+Z key): true if there was one. */
export function undoLatest(): boolean {
  const t = toasts.findLast((x) => x.action?.label === 'Undo');
  if (!t) return false;
  dismiss(t.id);
  t.action!.run();
  return true;
}

/**
 * Where toasts appear: a polite live region, so screen readers announce them. A toast stays while
 * the pointer is over it or focus is in it, and goes a while after both have left.
 */
export function Toasts() {
  const [shown, setShown] = useState(toasts);
  useEffect(() => {
    listeners.add(setShown);
    return () => void listeners.delete(setShown);
  }, []);
  const hold = (t: Toast, why: 'pointer' | 'focus', on: boolean, el: HTMLElement) => {
    const key = `held${why}`;
    el.dataset[key] = on ? '1' : '';
    const still = el.dataset.heldpointer === '1' || el.dataset.heldfocus === '1';
    if (still) clearTimeout(timers.get(t.id));
    else schedule(t, 4000);
  };
  return (
    <div class="toasts" role="status" aria-live="polite">
      {shown.map((t) => (
        <div
          key={t.id}
          class={`toast ${t.tone ?? 'info'}`}
          onMouseEnter={(e) => hold(t, 'pointer', true, e.currentTarget)}
          onMouseLeave={(e) => hold(t, 'pointer', false, e.currentTarget)}
          onFocusIn={(e) => hold(t, 'focus', true, e.currentTarget)}
          onFocusOut={(e) =>
            !e.currentTarget.contains(e.relatedTarget as Node | null) &&
            hold(t, 'focus', false, e.currentTarget)
          }
        >
          <span>{t.text}</span>
          {t.action && (
            <button
              type="button"
              aria-keyshortcuts={t.action.label === 'Undo' ? 'u' : undefined}
              onClick={() => {
                dismiss(t.id);
                t.action!.run();
              }}
            >
              {t.action.label}
              {t.action.label === 'Undo' && <kbd aria-hidden="true">u</kbd>}
            </button>
          )}
          <button type="button" class="icon" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
