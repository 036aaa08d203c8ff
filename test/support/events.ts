import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { AppEnv } from '../../functions/_shared/http/env.js';

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Serves an app on a free loopback port, as a function's own process would. */
export async function serveApp(app: Hono<AppEnv>, port = 0): Promise<Served> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info) =>
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => (server as Server).close(() => done())),
      }),
    );
  });
}

export interface Recorded {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A stand-in for the Dapr sidecar: records every request and answers as `answer` says (by default
 * /v1.0/metadata 200 and a publish 204, as the sidecar does).
 */
export async function fakeSidecar(answer?: (req: Recorded) => number | undefined) {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const recorded = {
        method: req.method!,
        url: new URL(req.url!, 'http://sidecar'),
        headers: req.headers,
        body,
      };
      requests.push(recorded);
      const status = answer?.(recorded) ?? (recorded.url.pathname === '/v1.0/metadata' ? 200 : 204);
      res
        .writeHead(status, { 'content-type': 'application/json' })
        .end(status === 204 ? undefined : '{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    publishes: () => requests.filter((r) => r.url.pathname.startsWith('/v1.0/publish/')),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A binary-mode CloudEvent request, as KafkaSource (and the embedded bus) sends one. */
export function binaryEvent(event: Record<string, unknown>): {
  headers: Record<string, string>;
  body: string;
} {
  const { data, datacontenttype, ...attributes } = event;
  const headers: Record<string, string> = {
    'content-type': String(datacontenttype ?? 'application/json'),
  };
  for (const [name, value] of Object.entries(attributes))
    if (value !== undefined) headers[`ce-${name}`] = String(value);
  return { headers, body: JSON.stringify(data) };
}
