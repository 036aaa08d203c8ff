import type { Deps } from '../deps.js';
import { streamAfter, type StreamEntry } from '../db/stream.js';
import { STREAM_CHANNEL } from './stream-log.js';

/** How long after a failed read the hub reads a user's stream again (while any of their tabs is open). */
const READ_AGAIN_MS = 500;

/** One open tab: the entries waiting to be written to it, and the newest one it has been sent. */
export class Tab {
  readonly queue: StreamEntry[] = [];
  #wake: (() => void) | undefined;
  closed = false;

  constructor(
    readonly userId: string,
    /** The newest entry queued for it: nothing at or before it is queued again. */
    public lastSeq: number,
    private readonly maxQueue: number,
  ) {}

  /** Queues what it has not had; false when it has fallen too far behind and must reconnect. */
  offer(entries: readonly StreamEntry[]): boolean {
    const before = this.queue.length;
    for (const entry of entries) {
      if (Number(entry.seq) <= this.lastSeq) continue;
      this.queue.push(entry);
      this.lastSeq = Number(entry.seq);
    }
    // Woken only for something to write: an empty read is not a heartbeat's cue.
    if (this.queue.length > before) this.#wake?.();
    return this.queue.length <= this.maxQueue;
  }

  /** Resolves when there is something to write, the tab closes, or `ms` pass (a heartbeat is due). */
  wait(ms: number): Promise<void> {
    if (this.queue.length > 0 || this.closed) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    }).finally(() => (this.#wake = undefined));
  }

  close(): void {
    this.closed = true;
    this.#wake?.();
  }
}

/**
 * The tabs this replica holds, by user. Every replica LISTENs: the stream-writer's NOTIFY names the
 * user whose stream grew, and each replica reads the new entries once for that user and offers them
 * to each of the user's tabs here. A slow tab only grows its own queue; past the cap it is closed, and
 * its EventSource reconnects with Last-Event-ID and replays from the log.
 */
export class Hub {
  readonly #tabs = new Map<string, Set<Tab>>();
  readonly #reading = new Map<string, Promise<void>>();
  readonly #again = new Set<string>();
  #listening: Promise<void> | undefined;

  constructor(
    private readonly deps: Pick<Deps, 'db' | 'listener' | 'logger' | 'metrics'>,
    private readonly limits: { perUser: number; maxQueue: number },
  ) {}

  /** Starts listening on first use; resolves once notifications are coming in. */
  start(): Promise<void> {
    this.#listening ??= this.deps.listener
      .listen(
        STREAM_CHANNEL,
        (userId) => this.refresh(userId),
        // (Re)connected: anything sent while the connection was down is read now.
        () => {
          for (const userId of this.#tabs.keys()) this.refresh(userId);
        },
      )
      .catch((err: unknown) => {
        // Not listening: the next tab tries again, rather than every tab failing for good.
        this.#listening = undefined;
        throw err;
      });
    return this.#listening;
  }

  tabsOf(userId: string): number {
    return this.#tabs.get(userId)?.size ?? 0;
  }

  /** Adds a tab, or null when the user has as many open as allowed. */
  open(userId: string, lastSeq: number): Tab | null {
    const tabs = this.#tabs.get(userId) ?? new Set<Tab>();
    if (tabs.size >= this.limits.perUser) return null;
    const tab = new Tab(userId, lastSeq, this.limits.maxQueue);
    tabs.add(tab);
    this.#tabs.set(userId, tabs);
    this.deps.metrics.streams(1);
    return tab;
  }

  /** Ends every tab (the process is stopping): each browser reconnects, to this replica's successor. */
  closeAll(): void {
    for (const tabs of [...this.#tabs.values()]) for (const tab of [...tabs]) this.close(tab);
  }

  close(tab: Tab): void {
    tab.close();
    const tabs = this.#tabs.get(tab.userId);
    if (tabs?.delete(tab)) this.deps.metrics.streams(-1);
    if (tabs?.size === 0) this.#tabs.delete(tab.userId);
  }

  /** Reads the user's new entries once, for all their tabs here; coalesces calls that come meanwhile. */
  refresh(userId: string): void {
    if (!this.#tabs.has(userId)) return;
    if (this.#reading.has(userId)) {
      this.#again.add(userId);
      return;
    }
    const reading = this.#read(userId)
      .catch((err: unknown) => {
        // Read again shortly: the NOTIFY that called for this read will not come again, and nothing
        // else may happen to this user for a long time (seen after a database restart: a tab missed
        // the first change made once the database was back).
        this.deps.logger.warn({ err, userId }, 'could not read the stream; reading again shortly');
        setTimeout(() => this.refresh(userId), READ_AGAIN_MS).unref();
      })
      .finally(() => {
        this.#reading.delete(userId);
        if (this.#again.delete(userId)) this.refresh(userId);
      });
    this.#reading.set(userId, reading);
  }

  async #read(userId: string): Promise<void> {
    for (;;) {
      const tabs = [...(this.#tabs.get(userId) ?? [])];
      if (tabs.length === 0) return;
      const from = Math.min(...tabs.map((t) => t.lastSeq));
      const entries = await streamAfter(this.deps.db, userId, String(from), 500);
      for (const tab of tabs) if (!tab.offer(entries)) this.close(tab);
      if (entries.length < 500) return;
    }
  }
}
