import type { ComponentType } from 'preact';
import { useState } from 'preact/hooks';
import { ChatIcon } from '../../../components/icons.js';
import { toast } from '../../../components/toasts.js';

type Panel = ComponentType<{ onClose: () => void }>;

/** The header's assistant button. The panel is loaded on the first click: the first visit does not pay for it. */
export function ChatButton() {
  const [Panel, setPanel] = useState<Panel | null>(null);
  const [open, setOpen] = useState(false);
  const show = async () => {
    try {
      if (!Panel) {
        const { ChatPanel } = await import('./chat-panel.js');
        setPanel(() => ChatPanel);
      }
      setOpen(true);
    } catch {
      toast('The assistant could not be loaded. Check the connection and try again.', { tone: 'error' });
    }
  };
  return (
    <>
      <button type="button" class="chat-open" aria-haspopup="dialog" aria-label="Assistant" title="Assistant" onClick={() => void show()}>
        <ChatIcon />
      </button>
      {open && Panel && <Panel onClose={() => setOpen(false)} />}
    </>
  );
}
