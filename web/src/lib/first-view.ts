/**
 * What the first screen shows comes first. On a cold load the task list is asked for before anything is
 * drawn (main.tsx); what the rest of the shell loads (projects, counts, tags, notifications, the live
 * stream, the service worker) starts once the list has drawn its rows, or shown why it could not. Started
 * with it, those seven requests and their renders shared the server, the network and the main thread with
 * the one the user is waiting for.
 */
let shown = false;
let flushed = false;
const waiting = new Set<() => void>();

function flush() {
  if (flushed) return;
  flushed = true;
  for (const run of waiting) run();
  waiting.clear();
}

/**
 * Said by the first screen once it shows what it loaded (or why it could not), and by main.tsx at once
 * when the first screen is not the list. What waits starts after the browser has painted: a frame, then a
 * task (a tab opened in the background paints no frames: a timer stands in).
 */
export function firstViewShown(): void {
  if (shown) return;
  shown = true;
  requestAnimationFrame(() => setTimeout(flush));
  setTimeout(flush, 250);
}

/**
 * Runs `start` once the first view is shown (at once after that). Answers what stops it, for a
 * `useEffect`: what `start` started, or the start itself if it has not come yet.
 */
export function afterFirstView(start: () => (() => void) | void): () => void {
  let stop: (() => void) | void;
  let cancelled = false;
  const run = () => {
    if (!cancelled) stop = start();
  };
  if (flushed) run();
  else waiting.add(run);
  return () => {
    cancelled = true;
    waiting.delete(run);
    stop?.();
  };
}
