import type { Logger } from '../logger.js';
import type { AccessScope } from '../auth/access-tokens.js';

/** The per-request variables every Ripple function can read from the Hono context. */
/**
 * The Hono env of a request made inside the process (the embedded bus delivering an event, a timer
 * running a schedule), never of one from the network.
 */
export const IN_PROCESS = { rippleInProcess: true } as const;

export const isInProcess = (env: unknown) =>
  (env as Partial<typeof IN_PROCESS> | undefined)?.rippleInProcess === true;

/** Who a request's credential speaks for: a signed-in session's user, or a personal access token's, with its scope. */
export interface Principal {
  userId: string;
  scope: AccessScope;
  via: 'session' | 'access-token';
}

export interface AppEnv {
  Variables: {
    requestId: string;
    log: Logger;
    /** The registry name of the function that matched the route ("none" when nothing did). */
    fn: string;
    /** Set by requireUser on authenticated routes. */
    userId: string;
    /** Set by requireUser: the user, the credential's scope and whether it is a session or an access token. */
    principal: Principal;
  };
}
