import { randomUUID } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Recorded } from './events.js';

interface Entry {
  value: string;
  etag: string;
  ttlSeconds: number | undefined;
  expiresAt: number | undefined;
}

const fail = (res: ServerResponse, status: number, errorCode: string, message: string) =>
  void res
    .writeHead(status, { 'content-type': 'application/json' })
    .end(JSON.stringify({ errorCode, message }));

/**
 * A stand-in for a Dapr sidecar's state API, as daprd answers it (pkg/http/api.go): GET
 * /v1.0/state/<store>/<key> is 200 with the value and an ETag header, or 204 when there is none; POST
 * /v1.0/state/<store> takes an array of { key, value, etag?, options, metadata } and answers 204, or
 * 409 (ERR_STATE_SAVE) on an etag mismatch; DELETE with If-Match likewise. `ttlInSeconds` metadata
 * expires a key. Keys are prefixed with the app id (`<app>||<key>`), as Dapr stores them.
 */
export async function fakeStateSidecar(appId = 'chat') {
  const entries = new Map<string, Entry>();
  const requests: Recorded[] = [];
  let down = false;
  const live = (key: string) => {
    const entry = entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= Date.now()) entries.delete(key);
    return entries.get(key);
  };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://sidecar');
      requests.push({ method: req.method!, url, headers: req.headers, body });
      const match = /^\/v1\.0\/state\/([^/]+)(?:\/(.+))?$/.exec(url.pathname);
      if (!match) return fail(res, 404, 'ERR_NOT_FOUND', 'no such route');
      if (down)
        return fail(
          res,
          500,
          `ERR_STATE_${req.method === 'GET' ? 'GET' : req.method === 'DELETE' ? 'DELETE' : 'SAVE'}`,
          'failed to connect to the state store: connection refused',
        );
      const key = match[2] === undefined ? undefined : `${appId}||${decodeURIComponent(match[2])}`;
      if (req.method === 'GET' && key) {
        const entry = live(key);
        if (!entry) return void res.writeHead(204).end();
        return void res
          .writeHead(200, { 'content-type': 'application/json', etag: entry.etag })
          .end(entry.value);
      }
      if (req.method === 'DELETE' && key) {
        const entry = live(key);
        const ifMatch = req.headers['if-match'];
        if (ifMatch !== undefined && entry?.etag !== ifMatch)
          return fail(
            res,
            409,
            'ERR_STATE_DELETE',
            `failed deleting state with key ${key}: possible etag mismatch`,
          );
        entries.delete(key);
        return void res.writeHead(204).end();
      }
      if ((req.method === 'POST' || req.method === 'PUT') && !key) {
        let items: {
          key: string;
          value: unknown;
          etag?: string;
          metadata?: Record<string, string>;
        }[];
        try {
          items = JSON.parse(body);
        } catch (err) {
          return fail(res, 400, 'ERR_MALFORMED_REQUEST', String(err));
        }
        for (const item of items) {
          const stored = `${appId}||${item.key}`;
          if (item.etag !== undefined && live(stored)?.etag !== item.etag)
            return fail(
              res,
              409,
              'ERR_STATE_SAVE',
              `failed saving state in state store ${match[1]}: possible etag mismatch`,
            );
          const ttl =
            item.metadata?.ttlInSeconds ??
            url.searchParams.get('metadata.ttlInSeconds') ??
            undefined;
          const ttlSeconds = ttl === undefined ? undefined : Number(ttl);
          entries.set(stored, {
            value: JSON.stringify(item.value),
            etag: randomUUID(),
            ttlSeconds,
            expiresAt: ttlSeconds === undefined ? undefined : Date.now() + ttlSeconds * 1000,
          });
        }
        return void res.writeHead(204).end();
      }
      fail(res, 405, 'ERR_METHOD', 'method not allowed');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    entries,
    requests,
    /** Whether the state store answers 500 to everything, as when its database is unreachable. */
    setDown: (value: boolean) => void (down = value),
    /** Moves a key's expiry to now, as if its time to live had passed. */
    expire: (key: string) => void (entries.get(`${appId}||${key}`)!.expiresAt = Date.now()),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
