import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ChatIcon } from '../../../components/icons.js';
import { toast } from '../../../components/toasts.js';

type Panel = ComponentType<{ onClose: () => void }>;

let show: (() => void) | undefined;

/** The header's assistant button: it opens the panel (ChatHost, outside the header). */
export function ChatButton() {
  return (
    <button type="button" aria-haspopup="dialog" aria-label="Assistant" title="Assistant" onClick={() => show?.()}>
      <ChatIcon />
    </button>
  );
}

/** Where the assistant's panel opens. Its code is loaded on the first opening: the first visit does not pay for it. */
export function ChatHost() {
  const [Panel, setPanel] = useState<Panel | null>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    show = () =>
      void import('./chat-panel.js').then(
        ({ ChatPanel }) => {
          setPanel(() => ChatPanel);
          setOpen(true);
        },
        () => toast('The assistant could not be loaded. Check the connection and try again.', { tone: 'error' }),
      );
    return () => (show = undefined);
  }, []);
  return open && Panel ? <Panel onClose={() => setOpen(false)} /> : null;
}
