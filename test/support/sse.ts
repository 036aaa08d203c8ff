import type { Hono } from 'hono';
import type { AppEnv } from '../../functions/_shared/http/env.js';

export interface SseFrame {
  id?: string;
  event?: string;
  data?: string;
}

/** A tab's EventSource, read by hand: frames as they arrive, with a wait for the next ones. */
export async function openStream(
  app: Hono<AppEnv>,
  path: string,
  headers: Record<string, string> = {},
) {
  const controller = new AbortController();
  const res = await app.request(path, { headers, signal: controller.signal });
  const frames: SseFrame[] = [];
  let waiter: (() => void) | undefined;
  let buffer = '';
  const reader = res.body?.getReader();
  const reading = (async () => {
    if (!reader) return;
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const frame: SseFrame = {};
          for (const line of block.split('\n')) {
            const at = line.indexOf(':');
            if (at <= 0) continue; // a comment (heartbeat) or nothing
            const field = line.slice(0, at) as keyof SseFrame;
            const value = line.slice(at + 1).replace(/^ /, '');
            if (field === 'id' || field === 'event' || field === 'data') frame[field] = value;
          }
          if (Object.keys(frame).length > 0) frames.push(frame);
          waiter?.();
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    status: res.status,
    res,
    frames,
    /** The frames of `event` so far (data parsed). */
    of: (event: string) =>
      frames
        .filter((f) => f.event === event)
        .map((f) => ({ id: f.id, ...JSON.parse(f.data ?? 'null') })),
    /** Waits until `predicate` holds of the frames, or fails after `ms`. */
    async until(predicate: (frames: SseFrame[]) => boolean, ms = 5_000) {
      const deadline = Date.now() + ms;
      while (!predicate(frames)) {
        if (Date.now() > deadline)
          throw new Error(
            `stream: condition not met in ${ms} ms; frames: ${JSON.stringify(frames)}`,
          );
        await new Promise<void>((resolve) => {
          waiter = resolve;
          setTimeout(resolve, 50);
        });
      }
    },
    /** The tab goes away: the stream is cancelled, as a closed EventSource does. */
    async close() {
      controller.abort();
      await reader?.cancel().catch(() => {});
      await reading;
    },
  };
}
