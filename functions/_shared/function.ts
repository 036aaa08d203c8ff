import type { Hono } from 'hono';
import type { Deps } from './deps.js';
import type { AppEnv } from './http/env.js';

/**
 * A function as the registry knows it. An HTTP function's routes are the routes its app declares,
 * read from the built app, so a path is written once: in the function's own file.
 */
export interface HttpFunction {
  name: string;
  kind: 'http';
  /** Builds the function's app. It may keep `deps` for its handlers but must not use them while building. */
  build(deps: Deps): Hono<AppEnv>;
}

export type RippleFunction = HttpFunction;

export interface Route {
  method: string;
  path: string;
}

/**
 * The routes of a registered function, read without a database or any other dependency (for the
 * router, generated manifests and docs). A build that touches a dependency fails here, loudly.
 */
export function routesOfFunction(fn: HttpFunction): Route[] {
  const inert = new Proxy({} as Deps, {
    get(_target, name) {
      throw new Error(`${fn.name}: build() used deps.${String(name)}; it may only keep deps for its handlers`);
    },
  });
  return routesOf(fn.build(inert));
}

/** The method + path pairs an app answers (its middleware-only entries left out). */
export function routesOf(app: Hono<AppEnv>): Route[] {
  const seen = new Map<string, Route>();
  for (const r of app.routes) {
    if (r.method === 'ALL') continue;
    seen.set(`${r.method} ${r.path}`, { method: r.method, path: r.path });
  }
  return [...seen.values()];
}
