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
export function createGateway(
  functions: readonly RippleFunction[],
  addressOf: (fn: RippleFunction) => string,
  /** Aborted when the gateway shuts down: the event streams it carries end then (tabs reconnect elsewhere). */
  stopping?: AbortSignal,
): Hono {
  const gateway = new Hono();
  const streams = new Set<() => void>();
  stopping?.addEventListener('abort', () => streams.forEach((end) => end()), { once: true });
  /**
   * An event stream never ends by itself, and would hold a draining gateway until its grace is over:
   * it is ended when `stopping` aborts. Other answers are left to finish.
   *
   * Ended here, on our side of the pipe: aborting the upstream fetch alone did not always end the body
   * the client reads (undici cancels a body that is already piped, which a locked stream ignores), and
   * under load a SIGTERM then waited out its whole grace (test/cluster-entries.test.ts).
   */
  const endOnStop = (res: Response, upstream: AbortController, client: AbortSignal): Response => {
    if (
      !stopping ||
      !res.body ||
      !(res.headers.get('content-type') ?? '').startsWith('text/event-stream')
    )
      return res;
    let close = () => {};
    const body = res.body.pipeThrough(
      new TransformStream({
        start: (controller) => void (close = () => controller.terminate()),
        flush: () => forget(),
      }),
    );
    const end = () => {
      forget();
      close();
      upstream.abort();
    };
    const forget = () => void streams.delete(end);
    if (stopping.aborted) end();
    else {
      streams.add(end);
      client.addEventListener('abort', forget, { once: true });
    }
    return new Response(body, res);
  };
  gateway.get('/healthz', (c) => c.json({ status: 'alive' }));
  gateway.get('/readyz', (c) => c.json({ status: 'ready' }));
  const preflight = new Set<string>();
  for (const fn of functions) {
    if (fn.kind !== 'http') continue;
    const upstream = addressOf(fn).replace(/\/$/, '');
    const forward = async (c: {
      req: { raw: Request; path: string; url: string; header(): Record<string, string> };
    }) => {
      const upstreamCall = new AbortController();
      const signal = AbortSignal.any([c.req.raw.signal, upstreamCall.signal]);
      const res = await proxy(`${upstream}${c.req.path}${new URL(c.req.url).search}`, {
        raw: c.req.raw,
        headers: { ...c.req.header() },
        signal,
      });
      return endOnStop(res, upstreamCall, c.req.raw.signal);
    };
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
    problemResponse(
      c,
      new Problem(503, {
        title: 'Service Unavailable',
        detail: `The function for ${c.req.method} ${c.req.path} did not answer`,
        headers: { 'Retry-After': '1' },
      }),
    ),
  );
  gateway.notFound((c) =>
    problemResponse(
      c,
      new Problem(404, {
        title: 'Not Found',
        detail: `No route for ${c.req.method} ${c.req.path}`,
      }),
    ),
  );
  return gateway;
}
