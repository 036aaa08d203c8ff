import { useEffect, useRef, useState } from 'preact/hooks';
import { Confirm } from '../../../components/dialog.js';
import { toast } from '../../../components/toasts.js';
import { apiUrl, describeError } from '../../../lib/api.js';
import { absoluteTime } from '../../../lib/time.js';
import { feedStatus, makeFeed, revokeFeed, type FeedStatus } from '../api.js';

async function copy(text: string, input: HTMLInputElement | null): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Without the Clipboard API (a page on plain http from another host): select it for the user to copy.
    input?.select();
    if (!document.execCommand('copy')) throw new Error('copy refused');
  }
}

/** The calendar feed: its secret URL (shown once, when made) to copy, a new one, or none. */
export function FeedSection() {
  const [status, setStatus] = useState<FeedStatus | null>(null);
  const [url, setUrl] = useState('');
  const [confirming, setConfirming] = useState<'regenerate' | 'revoke' | null>(null);
  useEffect(
    () =>
      void feedStatus().then(setStatus, (err: unknown) =>
        toast(describeError(err), { tone: 'error' }),
      ),
    [],
  );
  const make = async () => {
    setConfirming(null);
    try {
      const feed = await makeFeed();
      setUrl(new URL(apiUrl(feed.url), location.href).href);
      setStatus({ active: true, created_at: feed.created_at });
    } catch (err) {
      toast(describeError(err), { tone: 'error' });
    }
  };
  const revoke = async () => {
    setConfirming(null);
    try {
      await revokeFeed();
      setUrl('');
      setStatus({ active: false, created_at: null });
      toast('Calendar feed revoked: its address no longer works');
    } catch (err) {
      toast(describeError(err), { tone: 'error' });
    }
  };
  const input = useRef<HTMLInputElement>(null);
  return (
    <section class="feed" aria-labelledby="feed-head">
      <h2 id="feed-head">Calendar feed</h2>
      <p>
        Subscribe to your tasks with due dates from Google Calendar, Apple Calendar or Thunderbird.
        The address is a secret: anyone who has it sees your tasks.
      </p>
      {url ? (
        <div class="feed-url">
          <label for="feed-url">Feed address (shown this once)</label>
          <input
            id="feed-url"
            readOnly
            value={url}
            ref={input}
            onFocus={(e) => e.currentTarget.select()}
          />
          <button
            type="button"
            onClick={() =>
              void copy(url, input.current).then(
                () => toast('Feed address copied'),
                () => toast('Select the address and copy it', { tone: 'error' }),
              )
            }
          >
            Copy
          </button>
        </div>
      ) : status?.active ? (
        <p>
          A feed is on since {absoluteTime(status.created_at!)}. Its address was shown when it was
          made; make a new one to see an address again (the old one stops working).
        </p>
      ) : (
        status && <p class="empty">No feed yet.</p>
      )}
      {status && (
        <div class="buttons">
          <button
            type="button"
            class={status.active ? '' : 'primary'}
            onClick={() => (status.active ? setConfirming('regenerate') : void make())}
          >
            {status.active ? 'Make a new address' : 'Make a feed address'}
          </button>
          {status.active && (
            <button type="button" class="danger" onClick={() => setConfirming('revoke')}>
              Revoke
            </button>
          )}
        </div>
      )}
      {confirming && (
        <Confirm
          title={confirming === 'revoke' ? 'Revoke the calendar feed?' : 'Make a new feed address?'}
          text={
            confirming === 'revoke'
              ? 'Calendars subscribed to it stop getting your tasks.'
              : 'The old address stops working: calendars subscribed to it must subscribe again.'
          }
          confirm={confirming === 'revoke' ? 'Revoke' : 'Make a new address'}
          onConfirm={() => void (confirming === 'revoke' ? revoke() : make())}
          onClose={() => setConfirming(null)}
        />
      )}
    </section>
  );
}
