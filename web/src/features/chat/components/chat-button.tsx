import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ChatIcon } from '../../../components/icons.js';
import { toast } from '../../../components/toasts.js';

type Panel = ComponentType<{ onClose: () => void }>;

let show: (() => void) | undefined;

const Opener = (props: { class: string }) => (
  <button
    type="button"
    class={props.class}
    aria-haspopup="dialog"
    aria-label="Assistant"
    title="Assistant"
    onClick={() => show?.()}
  >
    <ChatIcon />
  </button>
);

/** The header's assistant button (on a phone, where the header has no room, ChatHost's floating one). */
export const ChatButton = () => <Opener class="chat-open" />;

/** Where the assistant's panel opens, and a phone's button for it. Its code is loaded on the first opening: the first visit does not pay for it. */
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
        () =>
          toast('The assistant could not be loaded. Check the connection and try again.', {
            tone: 'error',
          }),
      );
    return () => (show = undefined);
  }, []);
  return (
    <>
      <Opener class="chat-fab" />
      {open && Panel && <Panel onClose={() => setOpen(false)} />}
    </>
  );
}
