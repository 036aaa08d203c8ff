import { sign, verify } from 'hono/jwt';
import type { Clock } from '../clock.js';

export const TOKEN_ISSUER = 'ripple';
export const TOKEN_AUDIENCE = 'ripple-api';
/** Tolerated difference between the clocks of the replica that signed a token and the one checking it. */
const CLOCK_SKEW_SECONDS = 60;

export interface Tokens {
  /** A signed HS256 access token for the user, valid for the configured lifetime. */
  issue(userId: string): Promise<string>;
  /** The user id the token was issued to, or null for any token that is not valid now. */
  verify(token: string): Promise<string | null>;
}

export function createTokens(options: { secret: string; ttlSeconds: number; clock: Clock }): Tokens {
  const { secret, ttlSeconds, clock } = options;
  const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);
  return {
    async issue(userId) {
      const iat = nowSeconds();
      return sign({ sub: userId, iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, iat, exp: iat + ttlSeconds }, secret, 'HS256');
    },
    async verify(token) {
      try {
        // The algorithm is pinned: a token claiming `none` or another algorithm is rejected. The time
        // claims are checked here against the injected clock rather than by hono against the wall clock.
        const payload = await verify(token, secret, { alg: 'HS256', iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, exp: false, nbf: false, iat: false });
        const now = nowSeconds();
        if (typeof payload.exp !== 'number' || payload.exp <= now) return null;
        if (typeof payload.iat === 'number' && payload.iat > now + CLOCK_SKEW_SECONDS) return null;
        return typeof payload.sub === 'string' ? payload.sub : null;
      } catch {
        return null;
      }
    },
  };
}
