/** An embedded schedule: runs, then again at the time the run asks for, or after `everyMs` at the latest. */
export interface ScheduleTimer {
  /** Runs at `atMs` (epoch ms) if that is sooner than the run already armed. */
  wake(atMs: number): void;
  /** Stops arming, and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * One timer, never two runs at once: a wake during a run is kept and honoured after it. `run`
 * answers when it wants to run next (epoch ms), or null to wait the full interval.
 */
export function createScheduleTimer(
  everyMs: number,
  run: () => Promise<number | null>,
  now: () => number = Date.now,
): ScheduleTimer {
  let timer: NodeJS.Timeout | undefined;
  let armedAt = Infinity;
  let running: Promise<void> | undefined;
  let wantedAt = Infinity;
  let stopped = false;

  function arm(atMs: number) {
    if (stopped) return;
    if (running) {
      wantedAt = Math.min(wantedAt, atMs);
      return;
    }
    if (timer && atMs >= armedAt) return;
    clearTimeout(timer);
    armedAt = atMs;
    // setTimeout takes at most ~24.8 days; a later time is re-armed by the interval anyway.
    timer = setTimeout(fire, Math.min(Math.max(0, atMs - now()), 2 ** 31 - 1));
    timer.unref();
  }

  function fire() {
    timer = undefined;
    armedAt = Infinity;
    running = run()
      .then(
        (next) => next,
        () => null,
      )
      .then((next) => {
        running = undefined;
        const fallback = now() + everyMs;
        const at = Math.min(fallback, next ?? fallback, wantedAt);
        wantedAt = Infinity;
        arm(at);
      });
  }

  arm(now());
  return {
    wake: arm,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
