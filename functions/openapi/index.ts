import { Hono } from 'hono';
import type { Deps } from '../_shared/deps.js';
import { loadFunctions, type RippleFunction } from '../_shared/function.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { buildOpenApi } from '../_shared/http/openapi.js';

/**
 * GET /api/openapi.json: the contract of the functions it is handed (the catalogue hands itself), built
 * once on first request. Handed, not imported: the catalogue lists this function, and the two modules
 * must not import each other.
 */
export function openapiOf(functions: readonly RippleFunction[]) {
  return function openapi(deps: Deps) {
    let document: Promise<Record<string, unknown>> | undefined;
    const load = async () => {
      const registry = await loadFunctions(functions);
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
  };
}
