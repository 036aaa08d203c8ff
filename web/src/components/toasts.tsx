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
const publish = () => listeners.forEach((l) => l(toasts));

export function dismiss(id: number): void {
  toasts = toasts.filter((t) => t.id !== id);
  publish();
}

/** Shows a message for a while (longer when it offers an action, such as Undo). */
export function toast(text: string, options: Omit<Toast, 'id' | 'text'> = {}): number {
  const id = nextId++;
  toasts = [...toasts.slice(-3), { id, text, ...options }];
  publish();
  setTimeout(() => dismiss(id), options.action ? 8000 : 5000);
  return id;
}

/** Where toasts appear: a polite live region, so screen readers announce them. */
export function Toasts() {
  const [shown, setShown] = useState(toasts);
  useEffect(() => {
    listeners.add(setShown);
    return () => void listeners.delete(setShown);
  }, []);
  return (
    <div class="toasts" role="status" aria-live="polite">
      {shown.map((t) => (
        <div key={t.id} class={`toast ${t.tone ?? 'info'}`}>
          <span>{t.text}</span>
          {t.action && (
            <button
              type="button"
              onClick={() => {
                dismiss(t.id);
                t.action!.run();
              }}
            >
              {t.action.label}
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
