/**
 * Whether the process still makes progress, for `/healthz`: a liveness probe that fails gets the process
 * restarted, which is the cure for work that is stuck for good and for nothing else. So it fails only
 * for what a restart mends (work running far too long, a loop that stopped running, an event loop that
 * stalls), and never because the database is down: readiness says that, and a restart would not help.
 */
export interface Liveness {
  /** Counts `work` as running until it settles. */
  track<T>(what: string, work: Promise<T>): Promise<T>;
  /** A loop that must complete a run every so often; each run reports with `completed`. */
  expect(what: string, everyMs: number): void;
  completed(what: string): void;
  /** Null while alive, else what is stuck. */
  problem(): string | null;
  close(): void;
}

export interface LivenessOptions {
  /** Work running longer than this, or a loop with no completed run for this long (3 intervals at least), is stuck. */
  stuckAfterMs: number;
  /** An event-loop delay longer than this since the last probe is a stall. */
  stallMs: number;
  /** While the database is down, nothing counts as stuck. */
  excused?: () => boolean;
  now?: () => number;
}

export function createLiveness(options: LivenessOptions): Liveness {
  const now = options.now ?? (() => performance.now());
  const running = new Map<Promise<unknown>, { what: string; since: number }>();
  const loops = new Map<string, { everyMs: number; last: number }>();
  // The event loop's longest delay since the last probe: a tick every 100 ms, late by that much.
  let stalledMs = 0;
  let tickAt = performance.now();
  const ticker = setInterval(() => {
    const at = performance.now();
    stalledMs = Math.max(stalledMs, at - tickAt - 100);
    tickAt = at;
  }, 100).unref();

  return {
    track(what, work) {
      running.set(work, { what, since: now() });
      const done = () => void running.delete(work);
      work.then(done, done);
      return work;
    },
    expect(what, everyMs) {
      loops.set(what, { everyMs, last: now() });
    },
    completed(what) {
      const entry = loops.get(what);
      if (entry) entry.last = now();
    },
    problem() {
      const at = now();
      const stalled = stalledMs;
      stalledMs = 0;
      if (options.excused?.()) {
        // The database is down: runs fail or wait for it; a loop's clock starts again when it is back.
        for (const entry of loops.values()) entry.last = at;
        return null;
      }
      if (stalled > options.stallMs) return `the event loop stalled for ${Math.round(stalled)} ms`;
      for (const { what, since } of running.values()) {
        if (at - since > options.stuckAfterMs)
          return `${what} has been running for ${Math.round((at - since) / 1000)} s`;
      }
      for (const [what, { everyMs, last }] of loops) {
        if (at - last > Math.max(options.stuckAfterMs, 3 * everyMs))
          return `${what} has not completed a run for ${Math.round((at - last) / 1000)} s`;
      }
      return null;
    },
    close() {
      clearInterval(ticker);
    },
  };
}
