/**
 * What the process knows of its database: reachable, or down since a connection was lost. While it
 * is down, requests answer 503 at once instead of each waiting out the pool's reconnect attempts (2–10 s
 * measured), and one probe at a time finds out when it is back.
 */
export interface DbHealth {
  /**
   * True from a failed probe (after a lost connection) until a probe succeeds. Only the probe says the
   * database is back: while it is down, a query can still succeed on a connection to a server process
   * that outlived its postmaster.
   */
  readonly down: boolean;
  /** Every statement's failure: a lost connection starts the probe, which marks the database down if it fails too. */
  failed(err: unknown): void;
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
// Not CONNECTION_ENDED or CONNECTION_DESTROYED: those are this process closing a pool of its own.
const LOST_NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
]);

/** A failure that says the database cannot be reached, rather than that one statement failed. */
export function isConnectionLost(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (LOST_NETWORK.has(code) || LOST_SQLSTATE.test(code));
}

export function createDbHealth(options: DbHealthOptions): DbHealth {
  const every = options.probeEveryMs ?? 200;
  let down = false;
  let probing = false;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const up = () => {
    if (!down) return;
    down = false;
    options.onChange?.(false);
  };
  // One lost connection is not an outage (a session killed by a timeout, a connection cut): the
  // database is marked down only once a probe of its own fails too, and probed until it answers.
  const probe = () => {
    timer = undefined;
    if (closed) return;
    probing = true;
    options.probe().then(
      () => {
        probing = false;
        up();
      },
      (err: unknown) => {
        if (closed) return;
        if (!down) {
          down = true;
          options.onChange?.(true, err);
        }
        timer = setTimeout(probe, every).unref();
      },
    );
  };

  return {
    get down() {
      return down;
    },
    failed(err) {
      if (closed || down || probing || !isConnectionLost(err)) return;
      probe();
    },
    close() {
      closed = true;
      clearTimeout(timer);
    },
  };
}

/** For a process that has no circuit (tools, tests of other things): never down. */
export const alwaysUp: DbHealth = { down: false, failed() {}, close() {} };
