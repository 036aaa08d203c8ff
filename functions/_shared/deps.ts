import type { Tokens } from './auth/tokens.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Cursors } from './cursors.js';
import type { Db } from './db/database.js';
import type { DbHealth } from './db/health.js';
import type { Listener } from './db/listen.js';
import type { Relay } from './events/outbox-relay.js';
import type { Ids } from './ids.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import type { Liveness } from './runtime/liveness.js';

/** The ports handed to every function when its app is built; no function imports a singleton. */
export interface Deps {
  config: Config;
  db: Db;
  /** Whether the database is known to be down: requests then answer 503 at once. */
  dbHealth: DbHealth;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  /** The process's Prometheus metrics (`/metrics`). */
  metrics: Metrics;
  tokens: Tokens;
  cursors: Cursors;
  /** Publishes the outbox; the publisher behind it (bus or Dapr) is chosen by configuration. */
  relay: Relay;
  /** PostgreSQL LISTEN/NOTIFY, for what every replica must hear (the realtime fan-out). */
  listener: Listener;
  /** Whether the process still makes progress (`/healthz`); long-running work registers with it. */
  liveness: Liveness;
  /** Aborted when the process begins to shut down: work that never ends by itself (event streams) ends then. */
  stopping: AbortSignal;
}
