import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { guardClientErrors } from './_shared/http/client-errors.js';
import { drainable } from './_shared/http/drain.js';
import { createGateway } from './_shared/http/gateway.js';
import { createLogger } from './_shared/logger.js';
import { configOrExit, onShutdown } from './_shared/runtime/start.js';
import { registry } from './registry.js';

// The cluster's one API origin (the `api-gateway` Knative Service): every API route to the Knative
// Service of the function that serves it, at RIPPLE_UPSTREAM with `{name}` replaced by the function's
// name (http://{name}.ripple.svc.cluster.local). The routes come from the registry in this bundle, so
// they cannot drift from the functions deployed with it.

const config = configOrExit();
const logger = createLogger(config.LOG_LEVEL);
const template = config.RIPPLE_UPSTREAM;
if (!template) {
  logger.fatal('RIPPLE_UPSTREAM is required, e.g. http://{name}.ripple.svc.cluster.local');
  process.exit(2);
}
const stopping = new AbortController();
const app = createGateway(
  registry,
  (fn) => template.replaceAll('{name}', fn.name),
  stopping.signal,
);
const server = serve(
  { fetch: app.fetch, port: config.PORT, hostname: config.HOST ?? '0.0.0.0' },
  (info) =>
    logger.info(
      { url: `http://localhost:${info.port}`, upstream: template },
      `api-gateway is serving at http://localhost:${info.port}`,
    ),
);
guardClientErrors(server as Server, config);
// Requests in flight finish; the event streams it carries end, and their tabs reconnect to another replica.
onShutdown(
  logger,
  config.SHUTDOWN_GRACE_SECONDS,
  drainable(server as Server, () => stopping.abort()),
);
