import { Hono } from 'hono';
import { proxy } from 'hono/proxy';
import { Problem } from '../errors.js';
import { routesOfFunction, type RippleFunction } from '../function.js';
import { problemResponse } from './problem-response.js';

/**
 * One API origin over functions that each run alone: every route of every HTTP function goes to the
 * address of the process or Knative Service that serves it, as the registry says. A CORS preflight
 * (OPTIONS) for a path goes to a function serving that path: they all answer CORS alike.
 * Embedded mode needs none of this; multi-process mode and the cluster's `api-gateway` use it.
 */
export function createGateway(functions: readonly RippleFunction[], addressOf: (fn: RippleFunction) => string): Hono {
  const gateway = new Hono();
  gateway.get('/healthz', (c) => c.json({ status: 'alive' }));
  gateway.get('/readyz', (c) => c.json({ status: 'ready' }));
  const preflight = new Set<string>();
  for (const fn of functions) {
    if (fn.kind !== 'http') continue;
    const upstream = addressOf(fn).replace(/\/$/, '');
    const forward = (c: { req: { raw: Request; path: string; url: string; header(): Record<string, string> } }) =>
      proxy(`${upstream}${c.req.path}${new URL(c.req.url).search}`, { raw: c.req.raw, headers: { ...c.req.header() } });
    for (const route of routesOfFunction(fn)) {
      gateway.on(route.method, route.path, forward);
      if (!preflight.has(route.path)) {
        preflight.add(route.path);
        gateway.options(route.path, forward);
      }
    }
  }
  // The function's process or Service is not there (restarting, scaling up): a 503 to retry, as
  // problem+json like every other error, rather than a bare 500.
  gateway.onError((err, c) =>
    problemResponse(c, new Problem(503, { title: 'Service Unavailable', detail: `The function for ${c.req.method} ${c.req.path} did not answer`, headers: { 'Retry-After': '1' } })),
  );
  gateway.notFound((c) => problemResponse(c, new Problem(404, { title: 'Not Found', detail: `No route for ${c.req.method} ${c.req.path}` })));
  return gateway;
}
