import { useEffect, useRef, useState } from 'preact/hooks';
import { Dialog } from '../../../components/dialog.js';
import { ApiError, describeError } from '../../../lib/api.js';
import { session } from '../../../lib/session.js';
import type { ChatStatusView } from '../../../lib/types.js';
import { ask, chatStatus, KeptMessage, loadConversation } from '../api.js';
import { applyEvent, fromHistory, toolLabel, type Entry } from '../entries.js';
import '../chat.css';

/** The conversation the panel continues, per user, across reloads. */
const storageKey = () => `ripple.chat.${session.get()?.user.id ?? ''}`;
const remembered = () => localStorage.getItem(storageKey());
const remember = (id: string | null) =>
  id ? localStorage.setItem(storageKey(), id) : localStorage.removeItem(storageKey());

function Step(props: { entry: Extract<Entry, { kind: 'tool' }> }) {
  const { entry } = props;
  const state = entry.ok === undefined ? 'running' : entry.ok ? 'ok' : 'failed';
  return (
    <li class={`chat-step ${state}`}>
      <span class="chat-step-name">{toolLabel(entry.name)}</span>{' '}
      <span>{entry.ok === undefined ? '…' : `${entry.ok ? '✓' : '✗'} ${entry.summary ?? ''}`}</span>
    </li>
  );
}

/**
 * The assistant: the conversation so far, the answer as it streams (as text: nothing the model writes
 * is ever taken as HTML), each tool step it takes, and the box to write in. With no model configured
 * on the server, only the hint saying so.
 */
export function ChatPanel(props: { onClose: () => void }) {
  const [status, setStatus] = useState<ChatStatusView | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [entries, setEntries] = useState<Entry[]>([]);
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);
  const conversation = useRef<string | null>(remembered());
  const stop = useRef<AbortController | null>(null);
  const log = useRef<HTMLDivElement>(null);

  useEffect(() => {
    chatStatus().then(setStatus, (err: unknown) => setFailure(describeError(err)));
    return () => stop.current?.abort();
  }, []);
  useEffect(() => {
    const id = conversation.current;
    if (!status?.configured || !id) return;
    loadConversation(id).then(
      (c) => setEntries(fromHistory(c.messages)),
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 404) remember((conversation.current = null));
        else setFailure(describeError(err));
      },
    );
  }, [status?.configured]);
  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
  }, [entries]);

  const send = async (e: Event) => {
    e.preventDefault();
    const message = draft.trim();
    if (!message || busy) return;
    setBusy(true);
    setFailure(null);
    const before = entries;
    setEntries([...entries, { kind: 'user', text: message }]);
    const controller = (stop.current = new AbortController());
    try {
      await ask(
        { ...(conversation.current ? { conversation_id: conversation.current } : {}), message },
        (event) => {
          if (event.event === 'start') {
            // Taken: the answer has begun (before it, a refusal leaves the text to send again).
            remember((conversation.current = event.data.conversation_id));
            setDraft('');
          }
          setEntries((now) => applyEvent(now, event));
        },
        controller.signal,
      );
    } catch (err) {
      // Not answered: what was typed stays to send again (the server kept it, and answers it then).
      if (err instanceof KeptMessage && err.conversationId)
        remember((conversation.current = err.conversationId));
      setEntries(before);
      setFailure(describeError(err instanceof KeptMessage ? err.problem : err));
    } finally {
      setBusy(false);
      stop.current = null;
    }
  };
  const startOver = () => {
    stop.current?.abort();
    remember((conversation.current = null));
    setEntries([]);
    setFailure(null);
  };

  return (
    <Dialog title="Assistant" wide onClose={props.onClose}>
      {status === null && !failure && <p class="empty">Loading…</p>}
      {status && !status.configured && (
        <p class="notice chat-off">
          The assistant is off: this Ripple has no language model configured. {status.hint}
        </p>
      )}
      {status?.configured && (
        <form class="chat" onSubmit={(e) => void send(e)}>
          <div class="chat-log" ref={log} role="log" aria-label="Conversation">
            <ol>
              {entries.length === 0 && (
                <li class="empty">Ask about your tasks, or tell me what to add, move or finish.</li>
              )}
              {entries.map((entry, i) =>
                entry.kind === 'tool' ? (
                  <Step key={entry.id} entry={entry} />
                ) : (
                  <li
                    key={i}
                    class={`chat-${entry.kind}${entry.kind === 'notice' ? ` ${entry.tone}` : ''}`}
                  >
                    {entry.text}
                  </li>
                ),
              )}
            </ol>
          </div>
          <label class="visually-hidden" for="chat-input">
            Message
          </label>
          <textarea
            id="chat-input"
            rows={2}
            maxLength={4000}
            value={draft}
            placeholder="Message the assistant"
            onInput={(e) => setDraft(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey) void send(e);
            }}
          />
          <div class="actions">
            <button
              type="button"
              class="link"
              onClick={startOver}
              disabled={entries.length === 0 && !conversation.current}
            >
              New conversation
            </button>
            {busy && (
              <button type="button" onClick={() => stop.current?.abort()}>
                Stop
              </button>
            )}
            <button type="submit" class="primary" disabled={busy || draft.trim() === ''}>
              Send
            </button>
          </div>
        </form>
      )}
      {failure && (
        <p class="error" role="alert">
          {failure}
        </p>
      )}
    </Dialog>
  );
}
