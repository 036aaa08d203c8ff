import { ApiError, parseRetryAfter, type Problem } from './problem.js';
import { session, type Session } from './session.js';

export { ApiError, describeError, fieldError, type FieldError, type Problem } from './problem.js';

let apiBase = '';

/** Reads config.json beside index.html: the API's origin when the UI is served from a bucket ("" for the same origin). */
export async function loadConfig(): Promise<void> {
  try {
    const res = await fetch('./config.json', { cache: 'no-cache' });
    if (res.ok)
      apiBase = String(((await res.json()) as { apiBase?: string }).apiBase ?? '').replace(
        /\/$/,
        '',
      );
  } catch {
    apiBase = '';
  }
}

export const apiUrl = (path: string) => `${apiBase}${path}`;

type Query = Record<string, string | undefined>;

export interface Request {
  body?: unknown;
  query?: Query;
  headers?: Record<string, string>;
}

function withQuery(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {}))
    if (value !== undefined && value !== '') params.set(key, value);
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

async function send(
  method: string,
  path: string,
  init: Request,
  token: string | undefined,
): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  try {
    return await fetch(apiUrl(withQuery(path, init.query)), {
      method,
      headers,
      body: init.body === undefined ? null : JSON.stringify(init.body),
    });
  } catch {
    throw new ApiError({
      title: 'Offline',
      status: 0,
      detail: 'Ripple could not reach its server. Check the connection and try again.',
    });
  }
}

/**
 * A session whose access token was refused, renewed with its refresh token: the new session, or null
 * when it cannot be (signed out elsewhere, expired, revoked). One renewal at a time across all of the
 * browser's tabs (each exchange rotates the refresh token): a tab that waited finds the other's result
 * in storage.
 */
async function renew(stale: Session): Promise<Session | null> {
  const exchange = async (): Promise<Session | null> => {
    const now = session.fresh();
    if (!now) return null;
    if (now.token !== stale.token) return now;
    if (!now.refresh_token) return null;
    const res = await send(
      'POST',
      '/api/auth/refresh',
      { body: { refresh_token: now.refresh_token } },
      undefined,
    );
    if (!res.ok) {
      // Without Web Locks (a page on plain http from another host), two tabs can race to the same
      // exchange: the loser finds the winner's session in storage a moment later.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const after = session.fresh();
      return after && after.token !== stale.token ? after : null;
    }
    const next = (await res.json()) as Session;
    session.set(next);
    return next;
  };
  const once = async () =>
    navigator.locks
      ? await navigator.locks.request('ripple.session.renew', exchange)
      : await exchange();
  return (renewing ??= once().finally(() => (renewing = undefined)));
}
let renewing: Promise<Session | null> | undefined;

/**
 * One call to the API with the session's token. A problem answer becomes an ApiError. A 401 on a
 * signed-in call renews the session once and tries again; if the session cannot be renewed it ends,
 * which sends the app back to sign-in.
 */
export async function request<T>(method: string, path: string, init: Request = {}): Promise<T> {
  // One key per change, the same on its retry: the server makes a change once per key (Idempotency-Key).
  if (CHANGES.has(method) && !NOT_KEYED.test(path))
    init = { ...init, headers: { 'idempotency-key': `"${newKey()}"`, ...init.headers } };
  const started =
    method === 'GET' && !init.headers ? takeEarly(withQuery(path, init.query)) : undefined;
  const res = await (started ?? authorized(method, path, init));
  if (res.status === 204) return undefined as T;
  if (!res.ok) throw await problemOf(res);
  const text = await res.text();
  return (text ? safeJson(text) : undefined) as T;
}

/** A GET started before the first screen was drawn; `read` holds its body once a 2xx answer has come. */
interface Early {
  at: number;
  res: Promise<Response>;
  read?: { body: unknown };
}
/** GETs started before the first screen was drawn, by path and query; each answers one request. */
const early = new Map<string, Early>();
/** An early answer is for the screen being drawn now: one older than this is read again. */
const EARLY_FOR_MS = 5_000;

/**
 * Starts a GET that the first screen will make, while the page is still being built: the first
 * `request` for the same path and query takes its answer instead of asking again. A 2xx answer is read
 * as soon as it comes, so that the first screen can also draw with it at once (`takeEarlyAnswer`).
 * Settles (never fails) once the answer is in.
 */
export function prefetch(path: string, query?: Query): Promise<void> {
  const key = withQuery(path, query);
  const entry: Early = { at: performance.now(), res: authorized('GET', key) };
  entry.res = entry.res.then(async (res) => {
    if (!res.ok || res.status === 204) return res;
    const text = await res.text();
    entry.read = { body: text ? safeJson(text) : undefined };
    return new Response(text, {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
    });
  });
  early.set(key, entry);
  // A failure is said to the request that takes it, if one does.
  return entry.res.then(
    () => {},
    () => {},
  );
}

function takeEarly(key: string): Promise<Response> | undefined {
  const found = early.get(key);
  early.delete(key);
  return found && performance.now() - found.at < EARLY_FOR_MS ? found.res : undefined;
}

/** An early GET's answer if it has come and was a 2xx, taken as `request` would take it; else undefined, and left to `request`. */
export function takeEarlyAnswer<T>(path: string, query?: Query): T | undefined {
  const key = withQuery(path, query);
  const found = early.get(key);
  if (!found?.read || performance.now() - found.at >= EARLY_FOR_MS) return undefined;
  early.delete(key);
  return found.read.body as T;
}

/** A call with the session's token, renewed once on a 401, answering the response as it is (a stream's, say). */
export async function authorized(
  method: string,
  path: string,
  init: Request = {},
): Promise<Response> {
  const sent = session.get();
  let res = await send(method, path, init, sent?.token);
  if (res.status === 401 && sent) {
    const renewed = await renew(sent);
    if (renewed) res = await send(method, path, init, renewed.token);
    if (!renewed || res.status === 401) session.set(null);
  }
  return res;
}

/** A failed answer as an ApiError (problem+json, or whatever came). */
export async function problemOf(res: Response): Promise<ApiError> {
  const text = await res.text();
  const body: unknown = text ? safeJson(text) : undefined;
  const problem = (body && typeof body === 'object' ? body : {}) as Partial<Problem>;
  return new ApiError(
    { ...problem, title: problem.title ?? res.statusText, status: res.status },
    parseRetryAfter(res.headers.get('retry-after')),
  );
}

const CHANGES = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
// Answers with credentials are not kept by the server; sign-in and friends need no key, nor quick add's
// parse (it changes nothing), nor a chat message: its answer is a stream, and a retried message is
// recognised by its conversation.
const NOT_KEYED = /^\/api\/(auth\/|stream\/token$|tasks\/parse$|chat$)/;

/** 128 random bits: getRandomValues works where randomUUID does not (a page on plain http from another host). */
function newKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { title: 'Unexpected answer', detail: text.slice(0, 200) };
  }
}
