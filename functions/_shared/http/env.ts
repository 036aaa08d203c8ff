import type { Logger } from '../logger.js';

/** The per-request variables every Ripple function can read from the Hono context. */
export interface AppEnv {
  Variables: {
    requestId: string;
    log: Logger;
    /** The registry name of the function that matched the route ("none" when nothing did). */
    fn: string;
    /** Set by requireUser on authenticated routes. */
    userId: string;
  };
}
