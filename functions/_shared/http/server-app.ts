import { Hono, type Context, type MiddlewareHandler, type Next } from 'hono';
import { requestId } from 'hono/request-id';
import { timeout } from 'hono/timeout';
import { ping } from '../db/ping.js';
import type { Deps } from '../deps.js';
import { Problem } from '../errors.js';
import { PUBSUB_NAME, eventRoute } from '../events/catalog.js';
import { routesOf, type RippleFunction } from '../function.js';
import { bodyLimit } from './body-limit.js';
import { idempotency } from './idempotency.js';
import { isInProcess, type AppEnv } from './env.js';
import { onError, problemResponse } from './problem-response.js';
import { corsFor, securityHeaders } from './security-headers.js';
import { webUi } from './web-ui.js';
import { failed, inSpan, tracingOn } from '../tracing.js';

function requestLog(deps: Deps): MiddlewareHandler<AppEnv> {
  const { metrics } = deps;
  return async function requestLog(c, next) {
    if (tracingOn()) return traced(c, next);
    return logged(c, next);
  };
  async function traced(c: Context<AppEnv>, next: Next) {
    // Continues the caller's trace: an HTTP `traceparent`, or a binary-mode CloudEvent's (`ce-traceparent`).
    const header = (name: string) => c.req.header(name) ?? c.req.header(`ce-${name}`);
    const parent = { traceparent: header('traceparent'), tracestate: header('tracestate') };
    await inSpan(
      `${c.req.method} ${c.req.path}`,
      {
        kind: 'server',
        parent,
        attributes: {
          'http.request.method': c.req.method,
          'url.path': c.req.path,
          'ripple.request_id': c.var.requestId,
        },
      },
      async (span) => {
        await logged(c, next);
        span?.updateName(`${c.req.method} ${c.var.fn}`);
        span?.setAttributes({
          'http.response.status_code': c.res.status,
          'ripple.function': c.var.fn,
        });
        if (c.res.status >= 500) failed(span, `answered ${c.res.status}`);
      },
    );
  }
  async function logged(c: Context<AppEnv>, next: Next) {
    const started = performance.now();
    c.set('fn', 'none');
    c.set('log', deps.logger.child({ reqId: c.var.requestId }));
    await next();
    const seconds = (performance.now() - started) / 1000;
    metrics.observe(c.var.fn, c.req.method, c.res.status, seconds);
    // The path only: a query string may one day carry a token.
    // Deliveries and timer runs inside the process are routine: logged only when debugging.
    const level = isInProcess(c.env) ? 'debug' : 'info';
    c.var.log[level](
      {
        fn: c.var.fn,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: +(seconds * 1000).toFixed(1),
      },
      'request',
    );
  }
}

const READY_CHECK_MS = 2_000;

const databaseDown = () =>
  new Problem(503, {
    title: 'Service Unavailable',
    detail: 'The database is unavailable; try again shortly',
    headers: { 'Retry-After': '1' },
  });

/** While the database is known to be down, a request answers 503 at once rather than wait for the pool to give up. */
function failFast(deps: Deps): MiddlewareHandler<AppEnv> {
  return async function failFast(_c, next) {
    if (deps.dbHealth.down) throw databaseDown();
    await next();
  };
}

const notReady = () =>
  new Problem(503, {
    title: 'Service Unavailable',
    detail: 'Starting up',
    headers: { 'Retry-After': '1' },
  });

/** Ready, and which functions answer here: a launcher checks that the port it started a function on is that function's. */
function readiness(
  deps: Deps,
  isStarted: () => boolean,
  names: readonly string[],
): MiddlewareHandler<AppEnv> {
  return async function readyz(c) {
    if (!isStarted()) return problemResponse(c, notReady());
    // Out of the load balancer while draining: in-flight work finishes, no new work arrives.
    if (deps.stopping.aborted)
      return problemResponse(
        c,
        new Problem(503, {
          title: 'Service Unavailable',
          detail: 'Shutting down',
          headers: { 'Retry-After': '1' },
        }),
      );
    if (deps.dbHealth.down) return problemResponse(c, databaseDown());
    // Bounded: a query waiting for a connection to an unreachable database would keep the probe (and
    // whoever waits on it) waiting.
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        ping(deps.db),
        new Promise(
          (_, reject) =>
            (timer = setTimeout(
              () => reject(new Error(`no answer from the database within ${READY_CHECK_MS} ms`)),
              READY_CHECK_MS,
            )),
        ),
      ]);
      return c.json({ status: 'ready', functions: names });
    } catch (err) {
      c.var.log.warn({ err }, 'not ready: database unreachable');
      return problemResponse(
        c,
        new Problem(503, {
          title: 'Service Unavailable',
          detail: 'Database unreachable',
          headers: { 'Retry-After': '1' },
        }),
      );
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * The app a process serves: shared middleware, health, metrics, then the given functions. Embedded
 * mode passes every function; a Knative Service passes one. Either way the same handlers answer.
 */
export function createServerApp(
  deps: Deps,
  options: {
    functions: readonly RippleFunction[];
    /** Settles when start-up (migrations) is done: API requests wait for it, and fail if it failed. */
    ready?: Promise<void> | undefined;
    /** Take CloudEvents at /events/* from the network (a function alone), not only from this process. */
    eventsFromNetwork?: boolean | undefined;
    /** The built UI to serve at `/` (embedded mode). */
    webRoot?: string | undefined;
  },
): Hono<AppEnv> {
  const { config, metrics } = deps;
  const { functions, ready = Promise.resolve() } = options;
  let started = false;
  ready.then(
    () => (started = true),
    () => {},
  );
  const app = new Hono<AppEnv>();
  // hono replaces an incoming id that is too long or has characters other than [A-Za-z0-9_=-].
  app.use(requestId({ generator: () => deps.ids.next(), limitLength: 128 }));
  app.use(requestLog(deps));
  app.use(securityHeaders());
  app.use('/api/*', corsFor(config.CORS_ORIGINS));
  // MCP (/mcp) is the API through another door: the same limits, start-up wait and fail-fast.
  for (const path of ['/api/*', '/mcp']) {
    app.use(
      path,
      timeout(
        config.REQUEST_TIMEOUT_MS,
        () =>
          new Problem(503, {
            title: 'Service Unavailable',
            detail: 'The request took too long',
            headers: { 'Retry-After': '1' },
          }),
      ),
    );
    app.use(path, bodyLimit(config.BODY_LIMIT_BYTES));
  }
  // Events are for the eventing system: a function alone (a Knative Service, reachable only inside the
  // cluster) takes them from the network; the embedded app, which also faces users, only from itself.
  app.use('/events/*', async function eventsFrom(c, next) {
    if (!options.eventsFromNetwork && !isInProcess(c.env))
      throw new Problem(404, {
        title: 'Not Found',
        detail: `No route for ${c.req.method} ${c.req.path}`,
      });
    await next();
  });
  app.use('/events/*', bodyLimit(config.BODY_LIMIT_BYTES * 4));
  const awaitStartUp: MiddlewareHandler<AppEnv> = async function awaitStartUp(_c, next) {
    if (!started) await ready.catch(() => Promise.reject(notReady()));
    await next();
  };
  app.use('/api/*', awaitStartUp);
  app.use('/mcp', awaitStartUp);
  app.use('/events/*', awaitStartUp);
  app.use('/api/*', failFast(deps));
  app.use('/mcp', failFast(deps));
  app.use('/api/*', idempotency(deps));
  app.use('/events/*', failFast(deps));

  // Liveness: fails only for what a restart mends (work stuck, a schedule stopped, a stalled event loop).
  app.get('/healthz', function healthz(c) {
    const stuck = deps.liveness.problem();
    if (!stuck) return c.json({ status: 'alive' });
    c.var.log.error({ stuck }, 'not alive: %s', stuck);
    return problemResponse(
      c,
      new Problem(503, { title: 'Service Unavailable', detail: `Not making progress: ${stuck}` }),
    );
  });
  app.get(
    '/readyz',
    readiness(
      deps,
      () => started,
      functions.map((fn) => fn.name),
    ),
  );
  // For a Dapr-subscription deployment: the sidecar asks which topics to deliver to which route.
  const subscriptions = !config.DAPR_SUBSCRIBE
    ? []
    : functions.flatMap((fn) =>
        fn.kind === 'consumer'
          ? fn.topics.map((topic) => ({
              pubsubname: PUBSUB_NAME,
              topic,
              route: eventRoute(fn.name),
            }))
          : [],
      );
  app.get('/dapr/subscribe', (c) => c.json(subscriptions));
  app.get('/metrics', async (c) =>
    c.body(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType }),
  );

  for (const fn of functions) {
    // Its series at 0 from the start, so that Prometheus sees its first events as a rise (not dead-letters:
    // it has no topic and counts dead letters, not events).
    if (fn.kind === 'consumer' && fn.topics.length > 0) metrics.consumerServed(fn.name);
    const fnApp = fn.build(deps);
    for (const route of routesOf(fnApp)) {
      app.on(route.method, route.path, async function nameFunction(c, next) {
        c.set('fn', fn.name);
        await next();
        // A schedule's run (a PingSource's or the embedded timer's POST) counts, and so does its success.
        if (fn.kind === 'schedule') deps.metrics.scheduleRun(fn.name, c.res.ok, deps.clock.now());
      });
    }
    app.route('/', fnApp);
  }
  if (options.webRoot) app.route('/', webUi(options.webRoot));

  app.notFound((c) =>
    problemResponse(
      c,
      new Problem(404, {
        title: 'Not Found',
        detail: `No route for ${c.req.method} ${c.req.path}`,
      }),
    ),
  );
  app.onError(onError);
  return app;
}
