import type { Logger } from '../logger.js';

/** The per-request variables every Ripple function can read from the Hono context. */
/**
 * The Hono env of a request made inside the process (the embedded bus delivering an event, a timer
 * running a schedule), never of one from the network.
 */
export const IN_PROCESS = { rippleInProcess: true } as const;

export const isInProcess = (env: unknown) => (env as Partial<typeof IN_PROCESS> | undefined)?.rippleInProcess === true;

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
