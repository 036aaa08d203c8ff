import { Hono } from 'hono';
import type { Deps } from '../_shared/deps.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { buildOpenApi } from '../_shared/http/openapi.js';

/** GET /api/openapi.json: the contract of every function in the registry, built once on first request. */
export function openapi(deps: Deps) {
  let document: Promise<Record<string, unknown>> | undefined;
  // The catalogue lists this function too; importing it lazily keeps the two modules from a load cycle.
  const load = async () => {
    const [{ catalogue }, { loadFunctions }] = await Promise.all([
      import('../catalogue.js'),
      import('../_shared/function.js'),
    ]);
    const registry = await loadFunctions(catalogue);
    // The public API only: consumers and schedules take CloudEvents from inside the cluster.
    return buildOpenApi(
      registry
        .filter((fn) => fn.kind === 'http')
        .map((fn) => ({ name: fn.name, app: fn.build(deps) })),
    );
  };
  return new Hono<AppEnv>().get(
    '/api/openapi.json',
    describe({ summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1' } } }),
    async (c) => c.json(await (document ??= load())),
  );
}
