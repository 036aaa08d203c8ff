import type { webcrypto } from 'node:crypto';
import { sign, verify } from 'hono/jwt';
import type { Clock } from '../clock.js';
import { Id } from '../schemas/common.js';

export const TOKEN_ISSUER = 'ripple';
export const TOKEN_AUDIENCE = 'ripple-api';
/** The audience of the short-lived tokens that open an event stream (EventSource cannot send headers). */
export const STREAM_TOKEN_AUDIENCE = 'ripple-stream';
export const STREAM_TOKEN_TTL_SECONDS = 60;
/** Tolerated difference between the clocks of the replica that signed a token and the one checking it. */
const CLOCK_SKEW_SECONDS = 60;
const VERIFIED_CACHE_SIZE = 10_000;

export interface Tokens {
  /** A signed HS256 access token for the user, valid for the configured lifetime; `sessionId` (its sign-in) goes in as `sid`. */
  issue(userId: string, sessionId?: string): Promise<string>;
  /** The user id the token was issued to, or null for any token that is not valid now. */
  verify(token: string): Promise<string | null>;
  /** The sign-in (refresh token family) a valid token was issued for, or null (not valid, or issued without one). */
  sessionOf(token: string): Promise<string | null>;
  /** Tokens for `GET /api/stream` only: another audience, valid for a minute; an API token is not one. */
  stream: Pick<Tokens, 'issue' | 'verify'>;
}

interface Verified {
  sub: string;
  sid: string | undefined;
  exp: number;
  iat: number;
}

/**
 * HS256 tokens with hono/jwt. Its WebCrypto verification costs ~160 µs of CPU (measured), so the
 * claims of tokens whose signature has been verified are kept in a bounded cache: a session's later
 * requests skip the crypto, never the time checks.
 */
export function createTokens(options: {
  secret: string;
  ttlSeconds: number;
  clock: Clock;
}): Tokens {
  // Imported once: hono would otherwise import the raw secret as a key on every call.
  let key: Promise<Awaited<ReturnType<typeof crypto.subtle.importKey>>> | undefined;
  const secret = () =>
    (key ??= crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(options.secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    ));
  return {
    ...tokensFor(TOKEN_AUDIENCE, options.ttlSeconds, options.clock, secret),
    stream: tokensFor(STREAM_TOKEN_AUDIENCE, STREAM_TOKEN_TTL_SECONDS, options.clock, secret),
  };
}

/** Tokens of one audience, with their own cache: a token verified for one audience is never taken for another. */
function tokensFor(
  audience: string,
  ttlSeconds: number,
  clock: Clock,
  secret: () => Promise<webcrypto.CryptoKey>,
): Omit<Tokens, 'stream'> {
  const verified = new Map<string, Verified>();
  const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);

  async function claimsOf(token: string): Promise<Verified | null> {
    const cached = verified.get(token);
    if (cached) return cached;
    try {
      // The algorithm is pinned: a token claiming `none` or another algorithm is rejected. The time
      // claims are checked by the caller against the injected clock, not by hono against the wall clock.
      const payload = await verify(token, await secret(), {
        alg: 'HS256',
        iss: TOKEN_ISSUER,
        aud: audience,
        exp: false,
        nbf: false,
        iat: false,
      });
      const { exp, iat } = payload;
      // The subject goes into uuid columns: one that is no user id makes the token invalid, not the query.
      const sub = Id.safeParse(payload.sub);
      const sid = payload.sid === undefined ? undefined : Id.safeParse(payload.sid).data;
      if (
        !sub.success ||
        typeof exp !== 'number' ||
        typeof iat !== 'number' ||
        (payload.sid !== undefined && !sid)
      )
        return null;
      // Oldest first out: Map keeps insertion order.
      if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
      const claims = { sub: sub.data, sid, exp, iat };
      verified.set(token, claims);
      return claims;
    } catch {
      return null;
    }
  }

  const valid = async (token: string) => {
    const claims = await claimsOf(token);
    const now = nowSeconds();
    return !claims || claims.exp <= now || claims.iat > now + CLOCK_SKEW_SECONDS ? null : claims;
  };
  return {
    async issue(userId, sessionId) {
      const iat = nowSeconds();
      return sign(
        {
          sub: userId,
          ...(sessionId ? { sid: sessionId } : {}),
          iss: TOKEN_ISSUER,
          aud: audience,
          iat,
          exp: iat + ttlSeconds,
        },
        await secret(),
        'HS256',
      );
    },
    verify: async (token) => (await valid(token))?.sub ?? null,
    sessionOf: async (token) => (await valid(token))?.sid ?? null,
  };
}
