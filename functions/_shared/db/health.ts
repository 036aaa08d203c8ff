/**
 * What the process knows of its database: reachable, or down since a connection was lost. While it
 * is down, requests answer 503 at once instead of each waiting out the pool's reconnect attempts (2–10 s
 * measured), and one probe at a time finds out when it is back.
 */
export interface DbHealth {
  /** True from a lost connection until a query (or the probe) succeeds again. */
  readonly down: boolean;
  /** Every query's failure: a lost connection marks the database down and starts the probe. */
  failed(err: unknown): void;
  /** Every query's success: the database is reachable. */
  succeeded(): void;
  /** Stops probing (shutdown). */
  close(): void;
}

export interface DbHealthOptions {
  /** One cheap query, bounded in time by the caller's pool. */
  probe: () => Promise<unknown>;
  probeEveryMs?: number;
  onChange?: (down: boolean, err?: unknown) => void;
}

// A connection that is gone, refused, or a server that is shutting down or starting: not one query's fault.
const LOST_SQLSTATE = /^(08|57P0[123])/;
const LOST_NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED']);

/** A failure that says the database cannot be reached, rather than that one statement failed. */
export function isConnectionLost(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (LOST_NETWORK.has(code) || LOST_SQLSTATE.test(code));
}

export function createDbHealth(options: DbHealthOptions): DbHealth {
  const every = options.probeEveryMs ?? 200;
  let down = false;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const up = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!down) return;
    down = false;
    options.onChange?.(false);
  };
  const probe = () => {
    timer = undefined;
    if (closed || !down) return;
    options.probe().then(up, () => {
      if (!closed && down) timer = setTimeout(probe, every).unref();
    });
  };

  return {
    get down() {
      return down;
    },
    failed(err) {
      if (closed || !isConnectionLost(err) || down) return;
      down = true;
      options.onChange?.(true, err);
      // At once: one connection cut while the server is fine is back in milliseconds.
      probe();
    },
    succeeded: up,
    close() {
      closed = true;
      clearTimeout(timer);
    },
  };
}

/** For a process that has no circuit (tools, tests of other things): never down. */
export const alwaysUp: DbHealth = { down: false, failed() {}, succeeded() {}, close() {} };
