import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

/**
 * A modal built on <dialog>: the browser keeps focus inside it, Escape closes it, and focus returns
 * to what opened it when it closes (or, when that is gone or was nothing, to `fallback`, else to the
 * page's main content).
 */
export function Dialog(props: {
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  wide?: boolean;
  fallback?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(
    typeof document === 'undefined' ? null : document.activeElement,
  );
  // Opened as it is rendered, before the browser paints or runs anything else: its `autofocus` field
  // has focus before a key typed next can land, and before any effect of what it holds runs.
  useLayoutEffect(() => {
    const dialog = ref.current!;
    dialog.showModal();
    return () => {
      // While it is open as a modal, everything outside it is inert and cannot take focus: close first.
      dialog.close();
      const before = opener.current;
      // The page or its main area (focused by a click on empty space, or the skip link) is nothing in particular.
      const nothing =
        before === document.body || (before instanceof HTMLElement && before.tagName === 'MAIN');
      const target =
        before instanceof HTMLElement && !nothing && before.isConnected
          ? before
          : document.querySelector<HTMLElement>(props.fallback ?? '#main');
      target?.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      class={props.wide ? 'wide' : ''}
      aria-label={props.title}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
    >
      <header class="dialog-head">
        <h2>{props.title}</h2>
        <button type="button" class="icon" aria-label="Close" onClick={props.onClose}>
          ×
        </button>
      </header>
      {props.children}
    </dialog>
  );
}

/** Asks before something that cannot be undone. */
export function Confirm(props: {
  title: string;
  text: string;
  confirm: string;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Dialog title={props.title} onClose={props.onClose}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          props.onConfirm();
        }}
      >
        <p>{props.text}</p>
        <div class="actions">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" class="danger" autofocus>
            {props.confirm}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
