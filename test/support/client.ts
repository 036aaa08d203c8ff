import type { Hono } from 'hono';
import type { AppEnv } from '../../functions/_shared/http/env.js';

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Talks to an app the way an HTTP client does: JSON in, status + headers + parsed body out. */
export function client(app: Hono<AppEnv>, token?: string) {
  async function send<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> {
    const init: RequestInit = { method, headers: { ...headers } };
    if (token) (init.headers as Record<string, string>).authorization = `Bearer ${token}`;
    if (body !== undefined) {
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const res = await app.request(path, init);
    const text = await res.text();
    let parsed: unknown = text;
    if (/json/.test(res.headers.get('content-type') ?? '') && text) parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed as T };
  }
  return {
    get: <T = any>(path: string, headers?: Record<string, string>) =>
      send<T>('GET', path, undefined, headers),
    post: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) =>
      send<T>('POST', path, body, headers),
    patch: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) =>
      send<T>('PATCH', path, body, headers),
    put: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) =>
      send<T>('PUT', path, body, headers),
    delete: <T = any>(path: string, headers?: Record<string, string>) =>
      send<T>('DELETE', path, undefined, headers),
    send,
  };
}

let counter = 0;

/** Signs up a fresh user and answers a client acting as them. */
export async function signedInClient(
  app: Hono<AppEnv>,
  email = `user${++counter}-${Date.now()}@example.com`,
) {
  const res = await client(app).post('/api/auth/signup', {
    email,
    password: 'correct horse battery',
  });
  if (res.status !== 201)
    throw new Error(`sign-up failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    ...client(app, res.body.token as string),
    token: res.body.token as string,
    user: res.body.user,
    email,
  };
}
