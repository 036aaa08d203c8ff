import { useEffect, useState } from 'preact/hooks';
import { onLive } from '../../lib/live.js';
import { getViewCounts, type ViewCounts } from './api.js';

let counts: ViewCounts | null = null;
const listeners = new Set<(c: ViewCounts | null) => void>();
let seq = 0;

/** Reads the counts again; an answer overtaken by a later call is dropped. */
export async function refreshCounts(): Promise<void> {
  const mine = ++seq;
  const next = await getViewCounts();
  if (mine !== seq) return;
  counts = next;
  listeners.forEach((l) => l(counts));
}
const quietly = () => void refreshCounts().catch(() => {});

/** Keeps the sidebar's counts current: any task or project change (here or elsewhere) counts again. Started by the shell. */
export function watchCounts(): () => void {
  counts = null;
  quietly();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const off = onLive((event) => {
    if (event.kind === 'notification') return;
    clearTimeout(timer);
    timer = setTimeout(quietly, 150);
  });
  // The day turns over at midnight: Today and Upcoming count again every few minutes.
  const tick = setInterval(quietly, 300_000);
  return () => {
    clearTimeout(timer);
    clearInterval(tick);
    off();
  };
}

export function useCounts(): ViewCounts | null {
  const [current, setCurrent] = useState(counts);
  useEffect(() => {
    listeners.add(setCurrent);
    setCurrent(counts);
    return () => void listeners.delete(setCurrent);
  }, []);
  return current;
}
